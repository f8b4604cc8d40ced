// Test-only stand-in for Pylance / the Pyright extension (neither installs in code-server): starts
// pyright's language server (npm `pyright`, path in PYRIGHT_LANGSERVER) for Python files when its
// command runs, so hovers show pyright's part and sqla's together.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand("pyrightClient.start", async () => {
      if (client) return;
      const server = process.env.PYRIGHT_LANGSERVER;
      if (!server) throw new Error("PYRIGHT_LANGSERVER is not set");
      client = new LanguageClient(
        "pyright",
        "Pyright (e2e)",
        { command: process.execPath, args: [server, "--stdio"], options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } } },
        { documentSelector: [{ scheme: "file", language: "python" }] },
      );
      await client.start();
    }),
  );
};

exports.deactivate = () => client?.stop();
