// check.mjs — an independent client (ccxt, with its ccxt.pro WebSocket half) drives
// xtb-sim exactly as it would drive Binance USD-M: only the URLs point at the simulator.
// Any disagreement with what ccxt expects from the real venue is a simulator bug.
//
//   NODE_EXTRA_CA_CERTS=<cert.pem> node check.mjs <port>
//
// The simulator must run the BTCUSDT capture with configs/sim-account.yaml (hedge mode,
// a 0.010 BTC LONG). TLS is verified against the simulator's self-signed certificate (no
// "insecure" switch). Prints one line per step and a closing "N passed, M failed"; exits 1
// on any failure.
import ccxt from 'ccxt';

import { check, done, step, withTimeout } from './steps.mjs';

const port = process.argv[2];
if (!port) {
  console.error('usage: node check.mjs <port>');
  process.exit(2);
}
const base = `https://127.0.0.1:${port}`;
const SYMBOL = 'BTC/USDT:USDT';

const ex = new ccxt.pro.binanceusdm({
  // The docs' example key pair: the simulator's default credentials.
  apiKey: 'dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83',
  secret: '2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9',
  enableRateLimit: false,
  timeout: 15000,
  options: { fetchCurrencies: false, adjustForTimeDifference: false },
});
for (const k of ['fapiPublic', 'fapiPublicV2', 'fapiPublicV3', 'fapiPrivate', 'fapiPrivateV2', 'fapiPrivateV3']) {
  ex.urls.api[k] = ex.urls.api[k].replace(/^https:\/\/[^/]+/, base);
}
ex.urls.api.ws.future = `wss://127.0.0.1:${port}/ws`;

let book;
await step('loadMarkets', async () => {
  const markets = await ex.loadMarkets();
  const m = markets[SYMBOL];
  check(m !== undefined, 'BTC/USDT:USDT listed');
  check(m.linear && m.swap && m.settle === 'USDT', 'linear USDT perpetual');
  check(m.precision.price === 0.1 && m.precision.amount === 0.001, `precision ${JSON.stringify(m.precision)}`);
  check(m.limits.cost.min === 10, `min notional ${m.limits.cost.min}`);
});

await step('fetchOrderBook', async () => {
  book = await ex.fetchOrderBook(SYMBOL, 5);
  check(book.bids.length === 5 && book.asks.length === 5, 'five levels a side');
  check(book.bids[0][0] < book.asks[0][0], `not crossed ${book.bids[0][0]} < ${book.asks[0][0]}`);
  check(book.bids[0][0] > book.bids[4][0] && book.asks[0][0] < book.asks[4][0], 'sorted best first');
  check(Number.isInteger(book.nonce) && book.nonce > 0, `lastUpdateId ${book.nonce}`);
});

await step('fetchPositions (hedge mode)', async () => {
  const mode = await ex.fetchPositionMode(SYMBOL);
  check(mode.hedged === true, 'dualSidePosition true');
  const positions = await ex.fetchPositions([SYMBOL]);
  const long = positions.find((p) => p.side === 'long');
  check(long !== undefined, `a long position in ${JSON.stringify(positions.map((p) => p.side))}`);
  check(Math.abs(long.contracts - 0.01) < 1e-9, `contracts ${long.contracts}`);
  check(Math.abs(long.entryPrice - 61800.2) < 1e-6, `entryPrice ${long.entryPrice}`);
  check(long.hedged === true && long.marginMode === 'cross', `hedged ${long.hedged} ${long.marginMode}`);
});

await step('create/cancel limit GTC', async () => {
  const px = Math.round((book.bids[0][0] - 500) * 10) / 10;
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, px, { positionSide: 'LONG' });
  check(o.status === 'open' && o.price === px && o.amount === 0.002, `open ${o.status} ${o.price} ${o.amount}`);
  const open = await ex.fetchOpenOrders(SYMBOL);
  check(open.some((x) => x.id === o.id), 'listed in open orders');
  const c = await ex.cancelOrder(o.id, SYMBOL);
  check(c.status === 'canceled', `canceled ${c.status}`);
  const after = await ex.fetchOpenOrders(SYMBOL);
  check(!after.some((x) => x.id === o.id), 'gone from open orders');
});

await step('GTX post-only: resting then crossing (-5022)', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL, 5);
  const px = Math.round((ob.bids[0][0] - 200) * 10) / 10;
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, px, { positionSide: 'LONG', timeInForce: 'GTX' });
  check(o.status === 'open' && o.timeInForce === 'PO', `resting GTX ${o.status} ${o.timeInForce}`);
  await ex.cancelOrder(o.id, SYMBOL);
  let rejected = false;
  try {
    await ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, Math.round((ob.asks[0][0] + 100) * 10) / 10,
      { positionSide: 'LONG', postOnly: true });
  } catch (e) {
    rejected = e instanceof ccxt.InvalidOrder && e.message.includes('-5022');
    if (!rejected) throw e;
  }
  check(rejected, 'crossing GTX rejected with InvalidOrder -5022');
});

await step('watchOrderBook', async () => {
  const first = await withTimeout(ex.watchOrderBook(SYMBOL), 20000, 'first book');
  const n1 = first.nonce;
  let ob = first;
  for (let i = 0; i < 5; i++) ob = await withTimeout(ex.watchOrderBook(SYMBOL), 20000, 'update');
  check(ob.nonce > n1, `nonce advances ${n1} -> ${ob.nonce}`);
  check(ob.bids.length > 100 && ob.asks.length > 100, `depth ${ob.bids.length}/${ob.asks.length}`);
  check(ob.bids[0][0] < ob.asks[0][0], `not crossed ${ob.bids[0][0]} < ${ob.asks[0][0]}`);
  // The synced local book must equal a fresh REST snapshot near the top once both are at
  // the same update id: compare best prices (quantities move every few ms).
  const rest = await ex.fetchOrderBook(SYMBOL, 5);
  check(Math.abs(rest.bids[0][0] - ob.bids[0][0]) < 50, `ws/rest best bid ${ob.bids[0][0]} vs ${rest.bids[0][0]}`);
});

await step('watchOrders', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL, 5);
  const px = Math.round((ob.bids[0][0] - 300) * 10) / 10;
  const watching = withTimeout(ex.watchOrders(SYMBOL), 20000, 'order update');
  await new Promise((r) => setTimeout(r, 300));  // let the user stream connect
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.003, px, { positionSide: 'LONG' });
  const updates = await watching;
  const u = updates.find((x) => x.id === o.id);
  check(u !== undefined, `ORDER_TRADE_UPDATE for ${o.id}`);
  check(u.status === 'open' && u.price === px && u.amount === 0.003, `update ${u.status} ${u.price} ${u.amount}`);
  const next = withTimeout(ex.watchOrders(SYMBOL), 20000, 'cancel update');
  await ex.cancelOrder(o.id, SYMBOL);
  const again = await next;
  check(again.some((x) => x.id === o.id && x.status === 'canceled'), 'CANCELED on the user stream');
});

await step('fetchMyTrades + fetchLedger after a fill', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL, 5);
  const px = Math.round((ob.asks[0][0] + 50) * 10) / 10;  // crosses: fills at the touch
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.001, px, { positionSide: 'LONG', timeInForce: 'IOC' });
  check(o.filled > 0, `IOC filled ${o.filled} (${o.status})`);
  const trades = await ex.fetchMyTrades(SYMBOL);
  const mine = trades.filter((t) => t.order === o.id);
  check(mine.length > 0, `fetchMyTrades lists the fill of ${o.id} (${trades.length} trades)`);
  const qty = mine.reduce((a, t) => a + t.amount, 0);
  check(Math.abs(qty - o.filled) < 1e-9, `trade amounts ${qty} == order filled ${o.filled}`);
  check(mine.every((t) => t.side === 'buy' && t.symbol === SYMBOL && t.fee.currency === 'USDT'), 'side, symbol, fee asset');
  const ledger = await ex.fetchLedger('USDT');
  check(ledger.some((e) => e.type === 'commission' && e.amount > 0 && e.direction === 'out'), `fetchLedger has the commission (${ledger.map((e) => e.type)})`);
  const mode = await ex.fapiPrivateGetMultiAssetsMargin();
  check(mode.multiAssetsMargin === false, 'single-asset margin mode');
});

await ex.close();
done();
