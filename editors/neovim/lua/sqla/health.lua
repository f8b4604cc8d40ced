-- :checkhealth sqla
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error = health.error or health.report_error

function M.check()
  start("sqla-analyzer")
  if vim.fn.has("nvim-0.7") == 1 then
    ok("neovim " .. tostring(vim.version()))
  else
    error("neovim 0.7 or newer is needed")
  end
  local sqla = require("sqla")
  local config = sqla.config or sqla.defaults
  local cmd = sqla.find_cmd(config.cmd, vim.fn.getcwd())
  if not cmd then
    error("no `sqla` binary: install it (`pip install sqla-analyzer`) or set `cmd` in require('sqla').setup()")
    return
  end
  local version = vim.fn.system({ cmd[1], "--version" })
  if vim.v.shell_error == 0 then
    ok("server: " .. cmd[1] .. " (" .. vim.trim(version) .. ")")
  else
    error("`" .. cmd[1] .. " --version` failed: " .. vim.trim(version))
  end
  if not sqla.config then
    warn("require('sqla').setup() has not been called")
  end
  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ name = "sqla" })
  if #clients > 0 then
    ok(#clients .. " sqla client(s) running")
  else
    warn("no sqla client is running (open a Python file in a project)")
  end
end

return M
