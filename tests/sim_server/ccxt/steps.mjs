// steps.mjs — the step runner the ccxt checks share (check.mjs: Binance USD-M face,
// check_backpack.mjs: Backpack face): each step prints "ok <name> (<ms> ms)" or
// "FAIL <name>: <error>"; done() prints "ccxt <version>: N passed, M failed" and exits 1 on
// any failure. Every check asserts what it claims (check() throws with its text).
import ccxt from 'ccxt';

let passed = 0;
let failed = 0;

export function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

export async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.constructor.name}: ${e.message}`);
  }
}

export const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout: ${what}`)), ms))]);

export function done() {
  console.log(`ccxt ${ccxt.version}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
