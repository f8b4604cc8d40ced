-- A real neovim (headless) talks to `sqla server`: diagnostics arrive, hover shows the type, go to
-- definition lands on the model. Run by tests/neovim/run.sh:
--   SQLA_BIN=... SQLA_PROJECT=... nvim --headless --clean -c "luafile lsp_test.lua"
-- Works with neovim 0.11 (vim.lsp.config / vim.lsp.enable) and falls back to vim.lsp.start_client
-- + vim.lsp.buf_attach_client on older versions (Debian's 0.7).
local sqla, project = os.getenv("SQLA_BIN"), os.getenv("SQLA_PROJECT")
local failures = 0
local function check(ok, what, detail)
  if ok then
    io.stdout:write("ok   " .. what .. "\n")
  else
    failures = failures + 1
    io.stdout:write("FAIL " .. what .. (detail and (": " .. vim.inspect(detail)) or "") .. "\n")
  end
end

local queries = project .. "/shop/queries.py"
vim.cmd("edit " .. vim.fn.fnameescape(queries))
local buf = vim.api.nvim_get_current_buf()

-- The plugin from editors/neovim starts the server (vim.lsp.config/enable on 0.11, a FileType
-- autocommand on older versions).
vim.opt.runtimepath:prepend(os.getenv("SQLA_PLUGIN"))
require("sqla").setup({ cmd = { sqla, "server" } })
vim.cmd("edit") -- re-trigger FileType for the buffer opened before setup()
local client_id
vim.wait(10000, function()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get()) do
    if c.name == "sqla" and (not vim.lsp.buf_is_attached or vim.lsp.buf_is_attached(buf, c.id)) then
      client_id = c.id
    end
  end
  return client_id ~= nil
end)
check(client_id ~= nil, "the server starts and attaches")
local client = vim.lsp.get_client_by_id(client_id)

-- Diagnostics for the open buffer.
local got = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "SQA109" then return true end
  end
  return false
end, 50)
local codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do codes[#codes + 1] = d.code end
check(got, "SQA109 (query-get) arrives in the buffer", codes)

-- Each finding once: neovim 0.11 pulls diagnostics when a server offers pulling and keeps pushed
-- ones apart, so a server doing both would list everything twice. Wait for a late second copy.
vim.wait(1500)
local seen, twice = {}, {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local key = string.format("%s@%d:%d", d.code, d.lnum, d.col)
  if seen[key] then twice[#twice + 1] = key end
  seen[key] = true
end
check(#twice == 0, "no finding is listed twice", twice)

local function find(pattern)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local col = line:find(pattern, 1, true)
    if col then return i - 1, col - 1 end
  end
end

local function request(method, line, col)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  }
  local response
  if vim.fn.has("nvim-0.11") == 1 then
    response = client:request_sync(method, params, 20000, buf)
  else
    response = (vim.lsp.buf_request_sync(buf, method, params, 20000) or {})[client_id]
  end
  return response and response.result, response and response.err
end

-- Hover on a select() of eleven columns: past the typing limit, both views.
local line, col = find("stmt = select(")
local hover, err = request("textDocument/hover", line, col + 1)
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ""
check(type(text) == "string" and text:find("(variable) stmt: Select[", 1, true) ~= nil, "hover shows the Select type", text or err)

-- Go to definition: `Customer` in `session.query(Customer)` → the class in models.py.
line, col = find("session.query(Customer)")
local result = request("textDocument/definition", line, col + #"session.query(" + 1)
local target = result and (result[1] or result)
local uri = target and (target.targetUri or target.uri) or ""
local range = target and (target.targetSelectionRange or target.range)
check(uri:sub(-#"shop/models.py") == "shop/models.py" and range and range.start.line == 8,
  "definition of Customer is the class in shop/models.py", result)

-- A code action applies: the preferred quick-fix of SQA109 rewrites `query(...).get(...)`.
line, col = find("session.query(Customer).get(customer_id)")
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == "SQA109" then
    -- Built from the fields every version keeps (0.7's user_data.lsp lacks the range).
    diagnostics[#diagnostics + 1] = {
      range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
      code = d.code, message = d.message, source = d.source,
    }
  end
end
local action_params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = line, character = col }, ["end"] = { line = line, character = col + 10 } },
  context = { diagnostics = diagnostics, only = { "quickfix" } },
}
local actions
if vim.fn.has("nvim-0.11") == 1 then
  actions = (client:request_sync("textDocument/codeAction", action_params, 20000, buf) or {}).result
else
  actions = ((vim.lsp.buf_request_sync(buf, "textDocument/codeAction", action_params, 20000) or {})[client_id] or {}).result
end
local chosen
for _, action in ipairs(actions or {}) do
  if action.isPreferred and action.title:find("SQA109", 1, true) then chosen = action end
end
check(chosen ~= nil, "a preferred SQA109 quick-fix is offered", { actions = actions, params = action_params })
if chosen then
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  check(text:find("session.get(Customer, customer_id)", 1, true) ~= nil, "the quick-fix edits the buffer")
end

-- :SqlaSchema shows the workspace's schema as Mermaid in a scratch buffer.
local before = vim.api.nvim_get_current_buf()
vim.cmd("SqlaSchema")
local schema_buf
vim.wait(20000, function()
  local current = vim.api.nvim_get_current_buf()
  if current ~= before and vim.bo[current].filetype == "mermaid" then schema_buf = current end
  return schema_buf ~= nil
end, 50)
local schema_text = schema_buf and table.concat(vim.api.nvim_buf_get_lines(schema_buf, 0, -1, false), "\n") or ""
check(schema_text:find("erDiagram", 1, true) == 1 and schema_text:find('Customer ||--o{ Order : "orders"', 1, true) ~= nil,
  ":SqlaSchema shows the Mermaid diagram", schema_text)
if schema_buf then vim.cmd("close") end

-- :checkhealth sqla finds the server.
local report = vim.fn.execute("checkhealth sqla")
local health_text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n") .. report
check(health_text:find("sqla client", 1, true) ~= nil and not health_text:find("ERROR", 1, true),
  ":checkhealth sqla reports the server and the running client", health_text)

if vim.fn.has("nvim-0.11") == 1 then client:stop() else vim.lsp.stop_client(client_id) end
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end)
io.stdout:write(failures == 0 and "PASS\n" or ("FAIL: " .. failures .. " check(s)\n"))
io.stdout:flush()
vim.cmd(failures == 0 and "qall!" or "cquit! 1")
