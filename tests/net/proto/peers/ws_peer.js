#!/usr/bin/node
// WebSocket test peer on node's `ws` package (npm; installed into
// tests/net/proto/node_modules by setup-node-peer.sh) — a second RFC 6455
// implementation we did not write, for tests/net/proto/test_ws_peers.cpp.
//
// server mode:  node ws_peer.js server
//   prints "PORT <n>"; per connection, by request path:
//     /scenario/ping_close    ping us, on our pong send "PONG-OK", then close 4003
//     /scenario/invalid_utf8  write a text frame with invalid UTF-8 (raw socket)
//     anything else           send "PATH:<target>", then echo every message
//   after each connection prints "CLOSED <code> <reason>".
// client mode:  node ws_peer.js client <url> echo
//   echo of 0..1 MiB text/binary, a fragmented message, a ping, close 1000;
//   prints "RESULT ok" / "RESULT fail <why>", exit status 0 on ok.
'use strict';
const path = require('path');
const { WebSocket, WebSocketServer } = require(path.join(__dirname, '..', 'node_modules', 'ws'));

const SIZES = [0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 20];
const emit = (line) => process.stdout.write(line + '\n');

function payload(n, text) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = text ? 97 + (i % 26) : (i * 7) % 251;
  return text ? b.toString('latin1') : b;
}

function server() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 8 << 20, perMessageDeflate: false });
  wss.on('listening', () => emit(`PORT ${wss.address().port}`));
  wss.on('connection', (ws, req) => {
    ws.on('close', (code, reason) => emit(`CLOSED ${code} ${reason.toString()}`));
    ws.on('error', () => {});
    if (req.url === '/scenario/ping_close') {
      ws.on('pong', () => { ws.send('PONG-OK'); ws.close(4003, 'node bye'); });
      ws.ping(Buffer.from('node-ping'));
    } else if (req.url === '/scenario/invalid_utf8') {
      ws._socket.write(Buffer.from([0x81, 0x02, 0xc3, 0x28]));
    } else {
      ws.send('PATH:' + req.url);
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    }
  });
  setTimeout(() => process.exit(0), 120000);
}

function client(url) {
  const ws = new WebSocket(url, { maxPayload: 8 << 20 });
  const steps = [];
  for (const text of [true, false]) for (const n of SIZES) steps.push({ text, n });
  let i = 0;
  let fragmented = false;
  const fail = (why) => { emit(`RESULT fail ${why}`); process.exit(1); };
  const next = () => {
    if (i < steps.length) {
      const s = steps[i];
      ws.send(payload(s.n, s.text), { binary: !s.text });
    } else if (!fragmented) {
      fragmented = true;
      ws.send('frag', { fin: false });
      ws.send('mented', { fin: true });
    } else {
      ws.ping('node-client-ping');
    }
  };
  ws.on('open', next);
  ws.on('message', (data, isBinary) => {
    if (i < steps.length) {
      const s = steps[i];
      const want = s.text ? Buffer.from(payload(s.n, true), 'latin1') : payload(s.n, false);
      if (isBinary === s.text || !Buffer.from(data).equals(want)) fail(`echo mismatch text=${s.text} n=${s.n}`);
      i++;
    } else if (data.toString() !== 'fragmented') {
      fail('fragmented echo mismatch');
    }
    next();
  });
  ws.on('pong', () => ws.close(1000, 'client done'));
  ws.on('close', (code) => {
    emit(`CLOSED ${code}`);
    if (code === 1000 && fragmented) { emit('RESULT ok'); process.exit(0); }
    fail(`closed with ${code}`);
  });
  ws.on('error', (e) => fail(String(e)));
  setTimeout(() => fail('timeout'), 30000);
}

if (process.argv[2] === 'server') server();
else client(process.argv[3]);
