// Preloaded (`node --require`) in front of azurite-blob by tests/MlAlm.Testing/AzuriteServer.
// Azurite runs until it gets a signal, so a test process that dies without cleaning up would
// leave it running. Its stdin is a pipe from that test process instead: when the pipe closes
// (Stop(), or the test process ended in any way at all), shut Azurite down as SIGTERM would
// (it saves its database first, which a kill would lose), and exit shortly after in any case.
'use strict';

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 10000).unref();
  // Emitted, not sent: the same graceful path on every platform, Windows included.
  if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM');
  else process.exit(0);
}

process.stdin.on('data', () => {});
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
