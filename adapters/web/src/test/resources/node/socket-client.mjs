// A WHATWG WebSocket client, as a browser would use it, for the relay's tests: opens the socket
// given as the first argument, sends each further argument as one text message once open, and
// prints one JSON line per event it sees (open, message, error, close), then exits at the close.
// Usage: node [--experimental-websocket] socket-client.mjs <ws-url> [message ...]
if (typeof WebSocket !== "function") {
  console.error("this Node has no global WebSocket; use Node 22+ or Node 20 with --experimental-websocket");
  process.exit(2);
}
const [url, ...messages] = process.argv.slice(2);
const report = (event) => console.log(JSON.stringify(event));
const socket = new WebSocket(url);
// Gives up if the relay never closes, so a hanging socket fails the test instead of the build.
const watchdog = setTimeout(() => {
  report({ event: "timeout" });
  process.exit(3);
}, 20000);
socket.addEventListener("open", () => {
  report({ event: "open" });
  for (const message of messages) {
    socket.send(message);
  }
});
socket.addEventListener("message", (message) => report({ event: "message", data: String(message.data) }));
socket.addEventListener("error", () => report({ event: "error" }));
socket.addEventListener("close", (close) => {
  clearTimeout(watchdog);
  report({ event: "close", code: close.code, reason: close.reason, wasClean: close.wasClean });
});
