-- sqla-analyzer for neovim: starts `sqla server` for Python buffers.
--
--   require("sqla").setup({
--     cmd = { "sqla", "server" },          -- default: `sqla` on PATH, else the workspace virtualenv's
--     settings = { sqlalchemy = "2.0", ignore = { "SQA103" }, inlayHints = { variableTypes = true } },
--     root_markers = { "pyproject.toml", "setup.py", "setup.cfg", ".git" },
--   })
--
-- neovim >= 0.11 uses vim.lsp.config / vim.lsp.enable; older versions start the client from a
-- FileType autocommand (vim.lsp.start on 0.8-0.10, start_client + buf_attach_client on 0.7).
local M = {}

M.defaults = {
  cmd = nil,
  settings = {},
  filetypes = { "python" },
  root_markers = { "pyproject.toml", "setup.py", "setup.cfg", "sqla.toml", ".git" },
}

--- The server command: the configured one, `sqla` on PATH, or the one in the project's virtualenv.
function M.find_cmd(cmd, root)
  if cmd then
    return cmd
  end
  if vim.fn.executable("sqla") == 1 then
    return { "sqla", "server" }
  end
  for _, venv in ipairs({ os.getenv("VIRTUAL_ENV"), root and (root .. "/.venv"), root and (root .. "/venv") }) do
    if venv and vim.fn.executable(venv .. "/bin/sqla") == 1 then
      return { venv .. "/bin/sqla", "server" }
    end
  end
  return nil
end

local function find_root(bufnr, markers)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(path, ":p:h")
end

local function missing(opts)
  vim.notify(
    "sqla: no `sqla` binary found (not on PATH, not in $VIRTUAL_ENV, .venv or venv). "
      .. "Install it with `pip install sqla-analyzer` or set `cmd` in require('sqla').setup().",
    vim.log.levels.WARN
  )
  M.config = opts
end

--- The running sqla client: the one attached to `bufnr`, else any.
local function sqla_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local any
  for _, client in ipairs(get()) do
    if client.name == "sqla" then
      if not vim.lsp.buf_is_attached or vim.lsp.buf_is_attached(bufnr, client.id) then
        return client
      end
      any = any or client
    end
  end
  return any
end

--- Shows `text` in a new scratch buffer in a split.
local function scratch(text, filetype)
  vim.cmd("new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, "\n", { plain = true }))
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = filetype
  return buf
end

--- `:SqlaSchema [mermaid|json|svg]`: the workspace's schema from the server (`sqla.schema`, what
--- `sqla schema` prints): Mermaid or JSON in a scratch buffer; the SVG written to a temporary
--- file, opened with the system viewer where neovim can (`vim.ui.open`, 0.10+).
function M.schema(format)
  format = (format == nil or format == "") and "mermaid" or format
  if not vim.tbl_contains({ "mermaid", "json", "svg" }, format) then
    vim.notify("sqla: :SqlaSchema takes mermaid, json or svg", vim.log.levels.ERROR)
    return
  end
  local client = sqla_client(vim.api.nvim_get_current_buf())
  if not client then
    vim.notify("sqla: the server is not running", vim.log.levels.WARN)
    return
  end
  local params = { command = "sqla.schema", arguments = {} }
  local function handler(err, result)
    if err or type(result) ~= "table" then
      vim.notify("sqla: sqla.schema failed: " .. vim.inspect(err), vim.log.levels.ERROR)
      return
    end
    if format == "mermaid" then
      scratch(result.mermaid, "mermaid")
    elseif format == "json" then
      scratch(vim.fn.json_encode(result.schema), "json")
    else
      local path = vim.fn.tempname() .. ".svg"
      vim.fn.writefile(vim.split(result.svg, "\n", { plain = true }), path)
      M.last_schema_svg = path
      if vim.ui.open then
        vim.ui.open(path)
      end
      vim.notify("sqla: schema written to " .. path)
    end
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:request("workspace/executeCommand", params, handler)
  else
    client.request("workspace/executeCommand", params, handler)
  end
end

function M.setup(user)
  local opts = vim.tbl_deep_extend("force", {}, M.defaults, user or {})
  M.config = opts
  vim.api.nvim_create_user_command("SqlaSchema", function(args)
    M.schema(args.args)
  end, {
    nargs = "?",
    complete = function()
      return { "mermaid", "json", "svg" }
    end,
    desc = "sqla: the workspace's schema (mermaid, json or svg)",
  })
  -- An empty table would be sent as a JSON array.
  if next(opts.settings) == nil then
    opts.settings = vim.empty_dict()
  end
  if vim.lsp.config and vim.lsp.enable then
    local cmd = M.find_cmd(opts.cmd, vim.fn.getcwd())
    if not cmd then
      return missing(opts)
    end
    vim.lsp.config("sqla", {
      cmd = cmd,
      filetypes = opts.filetypes,
      root_markers = opts.root_markers,
      init_options = opts.settings,
      settings = { sqla = opts.settings },
    })
    vim.lsp.enable("sqla")
    return
  end
  local group = vim.api.nvim_create_augroup("sqla", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      local root = find_root(args.buf, opts.root_markers)
      local cmd = M.find_cmd(opts.cmd, root)
      if not cmd then
        return missing(opts)
      end
      local config = {
        name = "sqla",
        cmd = cmd,
        root_dir = root,
        init_options = opts.settings,
        settings = { sqla = opts.settings },
      }
      if vim.lsp.start then
        vim.lsp.start(config, { bufnr = args.buf })
      else
        M.clients = M.clients or {}
        local id = M.clients[root]
        if not id or not vim.lsp.get_client_by_id(id) then
          id = vim.lsp.start_client(config)
          M.clients[root] = id
        end
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(opts.filetypes, vim.bo[buf].filetype) then
      vim.api.nvim_exec_autocmds("FileType", { group = group, buffer = buf })
    end
  end
end

return M
