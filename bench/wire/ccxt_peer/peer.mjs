// peer.mjs — the ccxt peer of the wire benchmark (docs/latency.md): the same job as xtb's
// benchmark strategy, written the way a ccxt user would write it. It watches BTCUSDT's
// bookTicker from the load generator with ccxt pro's watchBidsAsks (binanceusdm maps it to
// the `<symbol>@bookTicker` stream, SUBSCRIBE on /ws) and, when the best bid is at or above
// the threshold, sends the same order as xtb — BUY LIMIT IOC 0.002 BTC at that bid, LONG side
// (hedge mode) — with createOrder (signed POST /fapi/v1/order). The generator stamps the
// request's arrival exactly as it does for xtb. Orders are fired without awaiting the answer
// so a slow REST round trip never holds back the stream.
//
// Started by xtb_bench_wire (--peer-cmd "node bench/wire/ccxt_peer/peer.mjs") with:
//   XTB_PEER_REST=https://127.0.0.1:<port>   XTB_PEER_WS=wss://127.0.0.1:<port>/ws
//   XTB_PEER_THRESHOLD=<price>   XTB_PEER_API_KEY / XTB_PEER_SECRET
//   NODE_EXTRA_CA_CERTS=<the generator's CA>  (TLS is verified; no "insecure" switch)
// ccxt comes from tests/sim_server/ccxt/node_modules (pinned 4.5.84, installed by
// tests/sim_server/ccxt/setup.sh); XTB_CCXT_DIR overrides that folder.
import { createRequire } from 'module';
import path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ccxtDir = process.env.XTB_CCXT_DIR || path.resolve(here, '../../../tests/sim_server/ccxt');
const ccxt = createRequire(path.join(ccxtDir, 'package.json'))('ccxt');

const rest = process.env.XTB_PEER_REST;
const ws = process.env.XTB_PEER_WS;
const threshold = Number(process.env.XTB_PEER_THRESHOLD);
if (!rest || !ws || !Number.isFinite(threshold)) {
  console.error('peer.mjs: XTB_PEER_REST, XTB_PEER_WS and XTB_PEER_THRESHOLD are required');
  process.exit(2);
}
const SYMBOL = 'BTC/USDT:USDT';

const ex = new ccxt.pro.binanceusdm({
  apiKey: process.env.XTB_PEER_API_KEY,
  secret: process.env.XTB_PEER_SECRET,
  enableRateLimit: false,
  timeout: 15000,
  options: { fetchCurrencies: false, adjustForTimeDifference: false },
});
for (const k of ['fapiPublic', 'fapiPublicV2', 'fapiPublicV3', 'fapiPrivate', 'fapiPrivateV2', 'fapiPrivateV3']) {
  ex.urls.api[k] = ex.urls.api[k].replace(/^https:\/\/[^/]+/, rest);
}
ex.urls.api.ws.future = ws;

let stopping = false;
process.on('SIGTERM', async () => {
  stopping = true;
  try { await ex.close(); } catch (e) { /* closing anyway */ }
  process.exit(0);
});

await ex.loadMarkets();
let last = 0;
let orders = 0;
let errors = 0;
let failures = 0;
while (!stopping) {
  let quotes;
  try {
    quotes = await ex.watchBidsAsks([SYMBOL]);
  } catch (e) {
    if (stopping) break;
    failures += 1;
    console.error(`peer.mjs: watchBidsAsks: ${e.constructor.name}: ${e.message}`);
    if (failures >= 20) process.exit(1);  // the generator is gone: do not linger
    await new Promise((r) => setTimeout(r, 100));
    continue;
  }
  failures = 0;
  const q = quotes[SYMBOL];
  if (q === undefined || q.bid === undefined) continue;
  if (q.bid >= threshold && q.bid !== last) {
    last = q.bid;
    orders += 1;
    ex.createOrder(SYMBOL, 'limit', 'buy', 0.002, q.bid, { positionSide: 'LONG', timeInForce: 'IOC' }).catch((e) => {
      errors += 1;
      if (errors <= 5) console.error(`peer.mjs: createOrder: ${e.constructor.name}: ${e.message}`);
    });
  }
}
