-- Sanctions screening of supplier names against the watch lists (sanctions_list_entries). Names are
-- compared by their significant words (legal forms and punctuation dropped): every word shared scores
-- 100, most words 85, the first word alone 70. 70 or more is a potential match a person must review.
local M = {}

M.THRESHOLD = 70

local LEGAL_FORMS = {
  ltd = true, limited = true, llc = true, inc = true, corp = true, corporation = true, co = true, company = true,
  gmbh = true, ag = true, sa = true, srl = true, bv = true, nv = true, plc = true, ooo = true, oao = true, pjsc = true,
  jsc = true, llp = true, lp = true, pte = true, pty = true, kg = true, the = true, ["and"] = true, ["&"] = true,
}

function M.words(name)
  local out = {}
  for w in tostring(name):lower():gsub("[^%w%s&]", " "):gmatch("%S+") do
    if not LEGAL_FORMS[w] then out[#out + 1] = w end
  end
  return out
end

function M.score(a, b)
  local wa, wb = M.words(a), M.words(b)
  if #wa == 0 or #wb == 0 then return 0 end
  local set = {}
  for _, w in ipairs(wb) do set[w] = true end
  local shared = 0
  for _, w in ipairs(wa) do if set[w] then shared = shared + 1 end end
  local longest = math.max(#wa, #wb)
  if shared == longest then return 100 end
  if shared * 3 >= longest * 2 then return 85 end
  if wa[1] == wb[1] then return 70 end
  return math.floor(shared * 60 / longest)
end

-- The watch-list entries a name (or legal name) may match, best first: { {entry, score} }.
function M.hits(name, legal_name)
  local out = {}
  for _, e in ipairs(db.query("SELECT * FROM sanctions_list_entries ORDER BY id")) do
    local s = math.max(M.score(name, e.name), legal_name and M.score(legal_name, e.name) or 0)
    if s >= M.THRESHOLD then out[#out + 1] = { entry = e, score = s } end
  end
  table.sort(out, function(x, y) if x.score ~= y.score then return x.score > y.score end return x.entry.id < y.entry.id end)
  return out
end

return M
