// sqla-analyzer for VS Code: starts `sqla server` for Python files in workspaces that use
// SQLAlchemy, and adds commands around it. The language features come from the server.
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  Trace,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

const RULE_SCHEME = "sqla-rule";

/** The server binary: the `sqla.path` setting, one bundled in the .vsix, `sqla` on PATH, then the
 * workspace virtualenv's. */
export function findServer(context: vscode.ExtensionContext): string | undefined {
  const configured = vscode.workspace.getConfiguration("sqla").get<string>("path");
  if (configured) {
    return fs.existsSync(configured) ? configured : undefined;
  }
  const exe = process.platform === "win32" ? "sqla.exe" : "sqla";
  const bundled = path.join(context.extensionPath, "bin", exe);
  if (fs.existsSync(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755); // a .vsix does not keep the executable bit
    } catch {
      // read-only install: it is executable already or the spawn error says why
    }
    return bundled;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, exe);
    if (dir && fs.existsSync(candidate)) {
      return candidate;
    }
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const venv of [process.env.VIRTUAL_ENV, path.join(folder.uri.fsPath, ".venv"), path.join(folder.uri.fsPath, "venv")]) {
      const bin = process.platform === "win32" ? "Scripts" : "bin";
      const candidate = venv ? path.join(venv, bin, exe) : "";
      if (candidate && fs.existsSync(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** Whether the workspace uses SQLAlchemy: a dependency file names it, or a Python file imports it. */
async function usesSqlalchemy(): Promise<boolean> {
  const deps = await vscode.workspace.findFiles(
    "{**/pyproject.toml,**/requirements*.txt,**/setup.cfg,**/setup.py,**/Pipfile}",
    "**/{node_modules,.venv,venv}/**",
    50,
  );
  for (const uri of deps) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8").toLowerCase();
    if (text.includes("sqlalchemy")) {
      return true;
    }
  }
  const sources = await vscode.workspace.findFiles("**/*.py", "**/{node_modules,.venv,venv,site-packages}/**", 500);
  for (const uri of sources) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8");
    if (/^\s*(from|import)\s+(sqlalchemy|flask_sqlalchemy)\b/m.test(text)) {
      return true;
    }
  }
  return false;
}

/** Extensions whose hovers show the type line that sqla's hovers open with. */
export const TYPE_CHECKERS = ["ms-python.vscode-pylance", "ms-pyright.pyright", "detachhead.basedpyright"];

/** Whether sqla's hovers open with the type line: not beside a type checker that shows it. */
function hoverTypeLine(setting: string | undefined): boolean {
  if (setting === "show") {
    return true;
  }
  if (setting === "hide") {
    return false;
  }
  return !TYPE_CHECKERS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

/** The `sqla` settings, as the server reads them (initializationOptions and workspace/configuration). */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("sqla");
  const series = config.get<string>("sqlalchemy");
  return {
    sqlalchemy: series === "auto" ? null : series,
    select: config.get<string[]>("select"),
    extendSelect: config.get<string[]>("extendSelect"),
    ignore: config.get<string[]>("ignore"),
    assumeParameterTypes: config.get<boolean | null>("assumeParameterTypes") ?? null,
    inlayHints: {
      variableTypes: config.get<boolean>("inlayHints.variableTypes"),
      foreignKeys: config.get<boolean>("inlayHints.foreignKeys"),
    },
    hover: { typeLine: hoverTypeLine(config.get<string>("hover.typeLine")) },
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const server = findServer(context);
  if (!server) {
    const choice = await vscode.window.showErrorMessage(
      "sqla-analyzer: no `sqla` binary found. Install it (`pip install sqla-analyzer` in the workspace virtualenv) or set `sqla.path`.",
      "Open Settings",
    );
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "sqla.path");
    }
    return;
  }
  output.appendLine(`sqla-analyzer: using ${server}`);
  const serverOptions: ServerOptions = { command: server, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { scheme: "file", pattern: "**/{pyproject.toml,requirements*.txt,setup.cfg,mypy.ini,.mypy.ini}" },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    // Diagnostics: VS Code pulls those of open files (the server then pushes only the others, and
    // asks for a re-pull when an edit elsewhere changed them), so each finding shows once.
    middleware: {
      workspace: {
        configuration: (params) => params.items.map((item) => (item.section === "sqla" ? serverSettings() : null)),
      },
    },
  };
  client = new LanguageClient("sqla", "sqla-analyzer", serverOptions, clientOptions);
  await client.start();
  const trace = vscode.workspace.getConfiguration("sqla").get<string>("trace.server");
  await client.setTrace(trace === "verbose" ? Trace.Verbose : trace === "messages" ? Trace.Messages : Trace.Off);
}

/** The settings as the server reads them (not VS Code's raw section: `hover.typeLine: "auto"` is
 * decided here, from the installed extensions). */
function sendSettings(): void {
  void client?.sendNotification("workspace/didChangeConfiguration", { settings: { sqla: serverSettings() } });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
  await startClient(context);
}

/** `sqla-rule:/SQA101`: the rule's documentation, from the server (`sqla/ruleDoc`). */
class RuleDocs implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const code = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    if (!client) {
      return `# ${code}\n\nThe sqla language server is not running.`;
    }
    const doc = await client.sendRequest<{ markdown: string }>("sqla/ruleDoc", { code });
    return doc.markdown;
  }
}

/** The "SQLAlchemy: Show Schema" panel: the server's drawing of every mapped class and table
 * (`sqla.schema`, as `sqla schema --format svg` draws it), redrawn when a Python file is saved. */
let schemaPanel: vscode.WebviewPanel | undefined;

async function showSchema(): Promise<void> {
  if (!client) {
    void vscode.window.showWarningMessage("The sqla language server is not running.");
    return;
  }
  if (schemaPanel) {
    schemaPanel.reveal(undefined, true);
  } else {
    schemaPanel = vscode.window.createWebviewPanel("sqlaSchema", "SQLAlchemy Schema", {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    });
    schemaPanel.onDidDispose(() => {
      schemaPanel = undefined;
    });
  }
  await refreshSchema();
}

async function refreshSchema(): Promise<void> {
  if (!client || !schemaPanel) {
    return;
  }
  try {
    // The server's own command is registered by the language client as `sqla.schema`; the panel
    // asks for it directly, so it gets the answer (the client's command would drop it).
    const answer = await client.sendRequest(ExecuteCommandRequest.type, { command: "sqla.schema", arguments: [] });
    const svg = (answer as { svg?: string } | null)?.svg ?? "";
    schemaPanel.webview.html = schemaHtml(svg);
  } catch (error) {
    output.appendLine(`sqla.schema failed: ${error}`);
  }
}

/** The SVG inline, on a white page (the drawing has its own colours), scrollable; no scripts. */
function schemaHtml(svg: string): string {
  const body = svg.trim() ? svg : "<p>No mapped classes or tables found in this workspace.</p>";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body { background: #ffffff; margin: 0; padding: 8px; overflow: auto; } svg { display: block; }</style>
</head>
<body>${body}</body>
</html>`;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("sqla-analyzer");
  context.subscriptions.push(
    output,
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, new RuleDocs()),
    vscode.commands.registerCommand("sqla.restartServer", () => restart(context)),
    vscode.commands.registerCommand("sqla.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("sqla.fixAll", async () => {
      await vscode.commands.executeCommand("editor.action.codeAction", { kind: "source.fixAll.sqla", apply: "first" });
    }),
    vscode.commands.registerCommand("sqla.fixAllWorkspace", async () => {
      const server = findServer(context);
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!server || !folder) {
        return;
      }
      await vscode.workspace.saveAll(false);
      cp.execFile(server, ["fix", folder.uri.fsPath], { cwd: folder.uri.fsPath }, (error, stdout, stderr) => {
        output.appendLine(stdout + stderr);
        if (error && error.code !== 1) {
          void vscode.window.showErrorMessage(`sqla fix failed: ${stderr.trim() || error.message}`);
        } else {
          void vscode.window.showInformationMessage(stdout.trim().split("\n").pop() || "sqla fix: done");
        }
      });
    }),
    vscode.commands.registerCommand("sqla.showSchema", showSchema),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (schemaPanel && document.languageId === "python") {
        void refreshSchema();
      }
    }),
    vscode.commands.registerCommand("sqla.showRuleDoc", async (code?: string) => {
      const picked = code ?? (await vscode.window.showInputBox({ prompt: "Rule code or name (SQA101, dynamic-relationship)" }));
      if (picked) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${RULE_SCHEME}:/${picked}.md`));
        await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
      }
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("sqla.path")) {
        await restart(context);
      } else if (event.affectsConfiguration("sqla.trace.server") && client) {
        const trace = vscode.workspace.getConfiguration("sqla").get<string>("trace.server");
        await client.setTrace(trace === "verbose" ? Trace.Verbose : trace === "messages" ? Trace.Messages : Trace.Off);
      } else if (event.affectsConfiguration("sqla")) {
        sendSettings();
      }
    }),
  );
  // Installing or removing Pylance / Pyright changes what the hovers should repeat.
  context.subscriptions.push(vscode.extensions.onDidChange(sendSettings));
  if (!(await usesSqlalchemy())) {
    output.appendLine("sqla-analyzer: this workspace does not use SQLAlchemy; the server is not started.");
    return;
  }
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
