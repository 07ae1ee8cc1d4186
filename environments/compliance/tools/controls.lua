-- Controls and frameworks: search the control library, read one control with the requirements it meets in
-- each framework, its recent tests, evidence, open findings and exceptions, and list the frameworks.
local D = require("directory")
local G = require("compliance")

local search_controls = {
  name = "search_controls",
  description = "Search the control library (CTL…) by words in the number, title or description, status " ..
    "(effective, failing, not_tested, retired), owner, framework (PRIV, FIN, SEC) or key controls only. Newest " ..
    "test date shown as last_tested_on.",
  read_only = true,
  parameters = D.with_paging({
    query = { type = "string", description = "Words, any order, in the number, title or description" },
    status = { type = "string", enum = { "effective", "failing", "not_tested", "retired" } },
    owner = { type = "string", description = "User name of the control owner" },
    framework = { type = "string", description = "Framework code, e.g. PRIV, FIN, SEC (list_frameworks)" },
    key_only = { type = "boolean", description = "Only key controls" },
  }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    local fw = args.framework and db.one("SELECT * FROM frameworks WHERE code = ? COLLATE NOCASE", args.framework)
    if args.framework and not fw then fail("not_found", "No framework '" .. args.framework .. "'", "list_frameworks gives the codes.") end
    local w = D.where()
      :add("c.status = ?", args.status)
      :add("c.owner_id = ?", args.owner and D.must_user(args.owner, "control owner").id)
      :add_if(args.key_only, "c.key_control = 1")
      :add("c.id IN (SELECT cr.control_id FROM control_requirements cr JOIN framework_requirements fr ON fr.id = cr.requirement_id WHERE fr.framework_id = ?)",
           fw and fw.id)
      :text(args.query, "(c.title LIKE ? OR c.description LIKE ? OR c.number LIKE ?)", "_grc_control_text", "c.id")
    local rows = db.query("SELECT c.*, COUNT(*) OVER () AS total_matches FROM grc_controls c" .. w:sql() ..
                          " ORDER BY c.number LIMIT ? OFFSET ?", w:params(size, offset))
    local total = D.total_of(rows, "SELECT COUNT(*) FROM grc_controls c" .. w:sql(), w:params())
    local items = {}
    for k, c in ipairs(rows) do
      items[k] = { number = c.number, title = c.title, status = c.status, owner = D.name_of(c.owner_id), frequency = c.frequency,
                   key_control = G.yes(c.key_control), last_tested_on = D.or_null(c.last_tested_on) }
    end
    return D.paged(items, total, page, size)
  end,
}

local function control_view(c)
  local reqs, tests, evidence, findings, exceptions = {}, {}, {}, {}, {}
  for _, r in ipairs(db.query([[SELECT f.code, fr.ref, fr.title FROM control_requirements cr
                                JOIN framework_requirements fr ON fr.id = cr.requirement_id JOIN frameworks f ON f.id = fr.framework_id
                                WHERE cr.control_id = ? ORDER BY f.code, fr.ref]], c.id)) do
    reqs[#reqs + 1] = r.code .. " " .. r.ref .. " " .. r.title
  end
  -- Names and numbers joined in, not looked up row by row, and rows read in index order (indexes.sql): this
  -- view is read on most control tasks. `+status` keeps the exceptions on their control's two indexes.
  for _, t in ipairs(db.query([[SELECT t.number, t.period, t.status, t.tested_at, u.user_name AS tester FROM control_tests t
                                LEFT JOIN users u ON u.id = t.tester_id WHERE t.control_id = ?
                                ORDER BY t.period_start DESC, t.number DESC LIMIT 6]], c.id)) do
    tests[#tests + 1] = { number = t.number, period = t.period, status = t.status, tester = D.or_null(t.tester),
                          tested_at = D.or_null(t.tested_at) }
  end
  for _, e in ipairs(db.query([[SELECT e.number, e.title, e.collected_on, e.valid_until, e.status, t.number AS test FROM evidence e
                                LEFT JOIN control_tests t ON t.id = e.test_id WHERE e.control_id = ?
                                ORDER BY e.collected_on DESC, e.number DESC LIMIT 8]], c.id)) do
    evidence[#evidence + 1] = { number = e.number, title = e.title, collected_on = e.collected_on, valid_until = D.or_null(e.valid_until),
                                status = e.status, test = D.or_null(e.test) }
  end
  for _, f in ipairs(db.query([[SELECT number, title, severity, status, due_on FROM findings WHERE control_id = ?
                                AND status <> 'closed' ORDER BY number]], c.id)) do
    findings[#findings + 1] = f
  end
  for _, x in ipairs(db.query([[SELECT number, title, status, expires_on FROM policy_exceptions
                                WHERE (control_id = ? OR compensating_control_id = ?) AND +status IN ('requested', 'approved')
                                ORDER BY number]], c.id, c.id)) do
    exceptions[#exceptions + 1] = x
  end
  return {
    number = c.number, title = c.title, description = D.or_null(c.description), status = c.status, owner = D.name_of(c.owner_id),
    frequency = c.frequency, key_control = G.yes(c.key_control), last_tested_on = D.or_null(c.last_tested_on),
    requirements = array(reqs), tests = array(tests), evidence = array(evidence), open_findings = array(findings),
    exceptions = array(exceptions),
  }
end

local get_control = {
  name = "get_control",
  description = "A control with the framework requirements it meets (one control often serves privacy, financial and " ..
    "security frameworks at once), its owner, latest tests, evidence with validity dates, open findings and exceptions.",
  read_only = true,
  parameters = { control = { type = "string", description = "Control number, e.g. CTL0000012", required = true } },
  run = function(args) return control_view(G.must("grc_controls", args.control)) end,
}

local list_frameworks = {
  name = "list_frameworks",
  description = "The compliance frameworks (privacy, financial controls, information security) with how many of " ..
    "their requirements are mapped to controls; give a framework code to list its requirements and the controls of each.",
  read_only = true,
  parameters = D.with_paging({ framework = { type = "string", description = "Framework code: list its requirements" } }),
  run = function(args)
    local page, size, offset = D.page_args(args)
    if not args.framework then
      local items = db.query([[SELECT f.code, f.name, COUNT(DISTINCT fr.id) AS requirements FROM frameworks f
                               LEFT JOIN framework_requirements fr ON fr.framework_id = f.id GROUP BY f.id ORDER BY f.code]])
      return D.paged(items, #items, 1, math.max(#items, 1))
    end
    local fw = db.one("SELECT * FROM frameworks WHERE code = ? COLLATE NOCASE", args.framework)
    if not fw then fail("not_found", "No framework '" .. args.framework .. "'", "Call list_frameworks without arguments for the codes.") end
    local rows = db.query([[SELECT fr.*, COUNT(*) OVER () AS total_matches FROM framework_requirements fr WHERE fr.framework_id = ?
                            ORDER BY fr.ref LIMIT ? OFFSET ?]], fw.id, size, offset)
    local total = D.total_of(rows, "SELECT COUNT(*) FROM framework_requirements WHERE framework_id = ?", fw.id)
    local items = {}
    for k, r in ipairs(rows) do
      local controls = {}
      for _, c in ipairs(db.query([[SELECT c.number, c.status FROM control_requirements cr JOIN grc_controls c ON c.id = cr.control_id
                                    WHERE cr.requirement_id = ? ORDER BY c.number]], r.id)) do
        controls[#controls + 1] = c.number .. " (" .. c.status .. ")"
      end
      items[k] = { ref = r.ref, title = r.title, controls = array(controls) }
    end
    return D.paged(items, total, page, size)
  end,
}

return { search_controls, get_control, list_frameworks }
