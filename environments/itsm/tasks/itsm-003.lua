-- The requested window falls in the Q1 financial close freeze: the right outcome is a refusal that
-- names the freeze, with no change request raised at all (not even one left in 'new').
local C = require("checks")
C.no_changes()
C.no_row("no Payroll change was raised", "SELECT number FROM change_requests WHERE opened_at >= '2026-03-02T09:00:00Z'")
C.status_is("refused")
C.refused_with_reason("freeze", "frozen", "financial close", "quarter-end", "quarter end")
