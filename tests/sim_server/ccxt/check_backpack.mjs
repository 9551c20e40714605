// check_backpack.mjs — an independent client (ccxt's backpack REST class and its ccxt.pro
// WebSocket half, the pinned ccxt 4.5.84) drives `xtb-sim --venue backpack` exactly as it
// would drive Backpack Exchange: only the URLs point at the simulator. Any disagreement
// with what ccxt expects from the real venue is a simulator bug.
//
//   NODE_EXTRA_CA_CERTS=<cert.pem> node check_backpack.mjs <port>
//
// The simulator replays the BTCUSDT capture as BTC_USDC_PERP with the default account (no
// position, 10000 USDC) and the default key (RFC 8032 §7.1 TEST 1's key pair, public test
// values). TLS is verified against the simulator's certificate. Prints one line per step and
// a closing "N passed, M failed"; exits 1 on any failure.
import ccxt from 'ccxt';

import { check, done, step, withTimeout } from './steps.mjs';

const port = process.argv[2];
if (!port) {
  console.error('usage: node check_backpack.mjs <port>');
  process.exit(2);
}
const base = `https://127.0.0.1:${port}`;
const wsBase = `wss://127.0.0.1:${port}`;
const SYMBOL = 'BTC/USDC:USDC';
const KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const SECRET = 'nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=';
// Another valid Ed25519 seed (RFC 8032 §7.1 TEST 2): a well-formed signature by the wrong key.
const OTHER_SECRET = 'TM0Imyj/ltqdtsNG7BFOD1uKMZ81q6Yk2oz27U+4pvs=';

function make(secret) {
  const ex = new ccxt.pro.backpack({ apiKey: KEY, secret, enableRateLimit: false, timeout: 15000 });
  ex.urls.api.public = base;
  ex.urls.api.private = base;
  ex.urls.api.ws.public = wsBase;
  ex.urls.api.ws.private = wsBase;
  return ex;
}
const ex = make(SECRET);

async function rejects(p, cls, text, what) {
  try {
    await p;
  } catch (e) {
    check(e instanceof cls, `${what}: ${e.constructor.name} is a ${cls.name} (${e.message})`);
    check(e.message.includes(text), `${what}: message has "${text}" (${e.message})`);
    return;
  }
  throw new Error(`${what}: accepted`);
}

let book;
await step('loadMarkets', async () => {
  const markets = await ex.loadMarkets();
  const m = markets[SYMBOL];
  check(m !== undefined, `${SYMBOL} listed (${Object.keys(markets)})`);
  check(m.id === 'BTC_USDC_PERP' && m.swap && m.linear && m.settle === 'USDC' && m.active, 'active linear USDC perpetual');
  check(m.precision.price === 0.1 && m.precision.amount === 0.00001, `precision ${JSON.stringify(m.precision)}`);
  check(m.limits.amount.min === 0.00001, `min amount ${m.limits.amount.min}`);
});

await step('fetchTime / fetchStatus', async () => {
  const t = await ex.fetchTime();
  check(Math.abs(t - Date.now()) < 5000, `server time ${t}`);
  const s = await ex.fetchStatus();
  check(s.status === 'ok', `status ${JSON.stringify(s)}`);
});

await step('fetchOrderBook', async () => {
  book = await ex.fetchOrderBook(SYMBOL);
  check(book.bids.length >= 5 && book.asks.length >= 5, `levels ${book.bids.length}/${book.asks.length}`);
  check(book.bids[0][0] < book.asks[0][0], `not crossed ${book.bids[0][0]} < ${book.asks[0][0]}`);
  check(book.bids[0][0] > book.bids[4][0] && book.asks[0][0] < book.asks[4][0], 'sorted best first');
  check(book.bids[0][0] > 50000 && book.asks[0][0] < 70000, `BTC prices ${book.bids[0][0]}`);
  check(Number.isInteger(book.nonce) && book.nonce > 0, `lastUpdateId ${book.nonce}`);
});

await step('watchOrderBook (snapshot + U/u deltas)', async () => {
  let ob = await withTimeout(ex.watchOrderBook(SYMBOL), 20000, 'first book');
  const n0 = ob.nonce;
  check(Number.isInteger(n0) && n0 >= book.nonce, `nonce ${n0} after the REST one ${book.nonce}`);
  for (let i = 0; i < 5; i += 1) ob = await withTimeout(ex.watchOrderBook(SYMBOL), 10000, 'update');
  check(ob.nonce > n0, `nonce advanced ${n0} → ${ob.nonce}`);
  check(ob.bids.length > 0 && ob.asks.length > 0, 'both sides');
  check(ob.bids[0][0] < ob.asks[0][0], `not crossed ${ob.bids[0][0]} < ${ob.asks[0][0]}`);
});

await step('watchTrades', async () => {
  const trades = await withTimeout(ex.watchTrades(SYMBOL), 20000, 'trades');
  check(trades.length > 0, 'at least one trade');
  const t = trades[trades.length - 1];
  check(t.symbol === SYMBOL && t.price > 50000 && t.amount > 0, `trade ${t.price} × ${t.amount}`);
  check(t.side === 'buy' || t.side === 'sell', `side ${t.side}`);
});

await step('fetchPositions (flat at start)', async () => {
  const positions = await ex.fetchPositions([SYMBOL]);
  check(positions.length === 0, `no position: ${JSON.stringify(positions)}`);
});

let orderUpdates = null;
await step('watchOrders (signed private subscribe)', async () => {
  orderUpdates = ex.watchOrders(SYMBOL);  // resolves on the first order event
  await new Promise((r) => setTimeout(r, 300));
});

await step('post-only limit: created, listed, cancelled, gone', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL);
  const px = Math.round((ob.bids[0][0] - 500) * 10) / 10;
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.001, px, { postOnly: true, clientOrderId: 4242 });
  check(o.status === 'open' && o.postOnly === true, `open post-only (${o.status}, ${o.postOnly})`);
  check(o.clientOrderId === '4242' && o.price === px && o.amount === 0.001, `echo ${o.clientOrderId} ${o.price} ${o.amount}`);
  const upd = await withTimeout(orderUpdates, 5000, 'orderAccepted event');
  check(upd.some((u) => u.id === o.id && u.status === 'open'), `order event for ${o.id}`);
  const open = await ex.fetchOpenOrders(SYMBOL);
  check(open.some((x) => x.id === o.id), `listed among ${open.map((x) => x.id)}`);
  const c = await ex.cancelOrder(o.id, SYMBOL);
  check(c.id === o.id && c.status === 'canceled', `cancelled ${c.status}`);
  const after = await ex.fetchOpenOrders(SYMBOL);
  check(!after.some((x) => x.id === o.id), 'no longer listed');
});

await step('post-only that would cross: refused', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL);
  const px = Math.round((ob.asks[0][0] + 100) * 10) / 10;
  await rejects(ex.createOrder(SYMBOL, 'limit', 'buy', 0.001, px, { postOnly: true }), ccxt.InvalidOrder,
    'would immediately match', 'crossing post-only');
  const open = await ex.fetchOpenOrders(SYMBOL);
  check(open.length === 0, `nothing resting (${open.length})`);
});

await step('IOC limit fills, then a long position', async () => {
  const ob = await ex.fetchOrderBook(SYMBOL);
  const px = Math.round((ob.asks[0][0] + 200) * 10) / 10;
  const o = await ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, px, { timeInForce: 'IOC' });
  check(o.status === 'closed' && o.filled === 0.002, `filled IOC (${o.status}, ${o.filled})`);
  check(o.cost > 0.002 * 50000, `cost ${o.cost}`);
  const positions = await ex.fetchPositions([SYMBOL]);
  check(positions.length === 1, `one position (${positions.length})`);
  const p = positions[0];
  check(p.side === 'long' && Number(p.contracts) === 0.002, `long 0.002 (${p.side} ${p.contracts})`);  // ccxt keeps contracts as the venue's text
  check(p.entryPrice > 50000 && p.entryPrice <= px, `entry ${p.entryPrice}`);
});

await step('bad signature: AuthenticationError', async () => {
  const bad = make(OTHER_SECRET);
  bad.markets = ex.markets;
  bad.markets_by_id = ex.markets_by_id;
  await rejects(bad.fetchPositions(), ccxt.AuthenticationError, 'INVALID_SIGNATURE', 'wrong key signature');
});

await step('expired window: refused as the venue does', async () => {
  const old = make(SECRET);
  old.markets = ex.markets;
  old.markets_by_id = ex.markets_by_id;
  old.nonce = () => Date.now() - 10000;  // 10 s old with the default 5000 ms window
  await rejects(old.fetchPositions(), ccxt.BadRequest, 'Request has expired', 'expired request');
});

await step('fetchBalance', async () => {
  const b = await ex.fetchBalance();
  check(b.USDC !== undefined && b.USDC.free > 0 && b.USDC.total > 9000, `USDC ${JSON.stringify(b.USDC)}`);
});

await ex.close();
done();
