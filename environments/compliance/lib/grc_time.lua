-- Calendar arithmetic of the compliance seed and events: calendar dates ('YYYY-MM-DD'), whole months
-- (a data-subject request is due one calendar month after receipt), quarters and months as test periods.
-- Pure functions of their arguments.
local M = {}

M.DAY = 86400
M.T0 = clock.parse("2026-03-02T09:00:00Z")  -- env.yaml's clock_start: the seed's history ends here
M.TODAY = "2026-03-02"

-- 'YYYY-MM-DD' of a unix time.
function M.date_of(t) return clock.iso(t):sub(1, 10) end

-- Unix time of a date at 00:00 UTC.
function M.date_start(date) return clock.parse(date:sub(1, 10) .. "T00:00:00Z") end

-- The moment a date-bound state ends: 00:00 UTC of the next day (an exception valid until 5 March is
-- in force all of 5 March).
function M.end_of(date) return M.date_start(date) + M.DAY end

function M.add_days(date, days) return M.date_of(M.date_start(date) + days * M.DAY) end

function M.days_between(from, to) return (M.date_start(to) - M.date_start(from)) // M.DAY end

local function days_in_month(y, m)
  if m == 2 then return (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28 end
  return ({ 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
end

-- The same day `n` calendar months later (31 January + 1 month = 28 or 29 February).
function M.add_months(date, n)
  local y, m, d = date:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  y, m, d = tonumber(y), tonumber(m) + n, tonumber(d)
  while m > 12 do y, m = y + 1, m - 12 end
  while m < 1 do y, m = y - 1, m + 12 end
  return string.format("%04d-%02d-%02d", y, m, math.min(d, days_in_month(y, m)))
end

-- A test period: its code and first and last day. kind: 'monthly' ('2026-02'), 'quarterly'
-- ('2026-Q1'), 'annual' ('2025'); `date` is any day inside it.
function M.period_of(kind, date)
  local y, m = date:match("^(%d%d%d%d)%-(%d%d)")
  y, m = tonumber(y), tonumber(m)
  if kind == "monthly" then
    return string.format("%04d-%02d", y, m), string.format("%04d-%02d-01", y, m),
           string.format("%04d-%02d-%02d", y, m, days_in_month(y, m))
  elseif kind == "quarterly" then
    local q = (m - 1) // 3 + 1
    local first = (q - 1) * 3 + 1
    return string.format("%04d-Q%d", y, q), string.format("%04d-%02d-01", y, first),
           string.format("%04d-%02d-%02d", y, first + 2, days_in_month(y, first + 2))
  end
  return string.format("%04d", y), string.format("%04d-01-01", y), string.format("%04d-12-31", y)
end

-- The period before the one holding `date`, as period_of returns it.
function M.previous_period(kind, date)
  local _, first = M.period_of(kind, date)
  return M.period_of(kind, M.add_days(first, -1))
end

return M
