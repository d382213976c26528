-- Headless check of presend lsp in Neovim (0.7+, vim.lsp.start_client):
--   PRESEND=$(go env GOPATH)/bin/presend DRAFT=draft.txt nvim --headless --clean -u NONE -c "luafile editors/nvim/headless.lua"
-- prints the diagnostics, the hover of the RULE finding (default
-- typography-fr) and the code actions, applies its fix (the safe one, else
-- the first suggestion) and checks that the finding is gone. For the
-- default, the draft needs a French "!" without its space, such as
-- "Bonjour 👋 Marie, votre commande expédiée arrive demain! Merci de votre confiance."
local out = function(s) io.stdout:write(s .. "\n") end
local bin, file = os.getenv("PRESEND"), os.getenv("DRAFT")
local rule = os.getenv("RULE") or "typography-fr"
vim.cmd("edit " .. file)
-- Keep the diagnostics as the server sent them (LSP ranges, UTF-16).
local raw = {}
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  raw = result.diagnostics
  return publish(err, result, ctx, config)
end
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "presend", cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
  init_options = { debounce = 200 },
})
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)
local function has(rule)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.user_data and d.user_data.lsp and d.user_data.lsp.code == rule then return d end
  end
end
local function dump(title)
  out(title)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out(string.format("  %d:%d-%d:%d %s %s: %s", d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
      vim.diagnostic.severity[d.severity], d.user_data.lsp.code, d.message))
  end
end
local function fail(msg) out("FAIL: " .. msg); vim.cmd("cquit 1") end
if not vim.wait(15000, function() return has(rule) ~= nil end, 50) then
  fail("no " .. rule .. " diagnostic")
end
out("offset encoding: " .. client.offset_encoding)
dump("diagnostics:")
local lspd
for _, r in ipairs(raw) do if r.code == rule then lspd = r end end
out(string.format(rule .. " as sent: line %d, characters %d-%d (UTF-16)", lspd.range.start.line,
  lspd.range.start.character, lspd.range["end"].character))
local hover = client.request_sync("textDocument/hover",
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = lspd.range.start }, 5000, buf)
out("hover:")
for line in hover.result.contents.value:gmatch("[^\n]+") do out("  | " .. line) end
local actions = client.request_sync("textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) }, range = lspd.range,
  context = { diagnostics = { lspd } } }, 5000, buf)
out("code actions:")
local safe, suggestion
for _, a in ipairs(actions.result) do
  out("  - " .. a.title)
  if a.title:match("^safe: ") and not safe then safe = a end
  if a.title:match("^suggestion: ") and not suggestion then suggestion = a end
end
safe = safe or suggestion
if not safe then fail("no fix") end
vim.lsp.util.apply_workspace_edit(safe.edit, client.offset_encoding)
out("applied: " .. safe.title)
if not vim.wait(15000, function() return has(rule) == nil end, 50) then
  fail("the finding is still there after the fix")
end
out("line 1 now: " .. vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]:gsub("\194\160", "<NBSP>"))
dump("diagnostics after the fix:")
out("OK")
vim.lsp.stop_client(id)
vim.cmd("qa!")
