-- Calendar arithmetic of procure-to-pay: business days (approval escalation), calendar dates (invoice,
-- due and discount dates are 'YYYY-MM-DD'), and budget quarters ('2026-Q1'). Pure functions of their
-- arguments; used by the seed, the events and the tools alike so they all count days the same way.
local M = {}

M.DAY = 86400
M.T0 = clock.parse("2026-03-02T09:00:00Z")  -- env.yaml's clock_start: the seed's history ends here

-- Day of the week of a unix time: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
function M.weekday(t) return (t // M.DAY + 3) % 7 + 1 end

function M.is_business_day(t) return M.weekday(t) <= 5 end

-- `t` plus `n` business days (Monday to Friday), same time of day. From a Saturday, one business day on
-- is Monday.
function M.add_business_days(t, n)
  local out, left = t, n
  while left > 0 do
    out = out + M.DAY
    if M.is_business_day(out) then left = left - 1 end
  end
  return out
end

-- 'YYYY-MM-DD' of a unix time / of an ISO time text.
function M.date_of(t) return clock.iso(t):sub(1, 10) end

-- Unix time of a 'YYYY-MM-DD' date at 00:00 UTC.
function M.date_start(date) return clock.parse(date .. "T00:00:00Z") end

-- 'YYYY-MM-DD' plus whole days.
function M.add_days(date, days) return M.date_of(M.date_start(date) + days * M.DAY) end

-- Budget quarter of a date or time text ('2026-02-14...' -> '2026-Q1').
function M.quarter_of(text)
  local year, month = text:match("^(%d%d%d%d)%-(%d%d)")
  return year .. "-Q" .. ((tonumber(month) - 1) // 3 + 1)
end

-- First and last day of a quarter code.
function M.quarter_bounds(code)
  local year, q = code:match("^(%d%d%d%d)%-Q(%d)$")
  year, q = tonumber(year), tonumber(q)
  local first_month = (q - 1) * 3 + 1
  local starts = string.format("%04d-%02d-01", year, first_month)
  local next_start = q == 4 and string.format("%04d-01-01", year + 1) or string.format("%04d-%02d-01", year, first_month + 3)
  return starts, M.add_days(next_start, -1)
end

-- The quarter after `code`.
function M.next_quarter(code)
  local year, q = code:match("^(%d%d%d%d)%-Q(%d)$")
  year, q = tonumber(year), tonumber(q)
  if q == 4 then return (year + 1) .. "-Q1" end
  return year .. "-Q" .. (q + 1)
end

-- Cents as dollars text: 123456 -> "1,234.56".
function M.money(cents)
  local sign = cents < 0 and "-" or ""
  local whole, frac = math.abs(cents) // 100, math.abs(cents) % 100
  local digits = tostring(whole)
  local grouped = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return string.format("%s%s.%02d", sign, grouped, frac)
end

return M
