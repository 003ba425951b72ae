// Tests never reach the real network: a connection to any host other than loopback fails.
// vitest loads this file for in-process tests; child processes get it through NODE_OPTIONS=--import.
import net from 'node:net';

const loopback = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const original = net.Socket.prototype.connect;

function targetHost(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetHost(first); // the normalised form used internally by net
  if (typeof first === 'object' && first !== null) {
    if (first.path !== undefined) return undefined; // a Unix socket
    return first.host ?? 'localhost';
  }
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost';
  if (typeof first === 'string' && /^\d+$/.test(first))
    return typeof second === 'string' ? second : 'localhost';
  return undefined; // a Unix socket path
}

net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
  const host = targetHost(args);
  if (host !== undefined && !loopback.has(host)) {
    throw new Error(`network access to ${host} is blocked in tests`);
  }
  return original.apply(this, args);
};
