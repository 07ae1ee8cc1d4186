-- Resolving a problem needs its root cause (ITSM-R03, enforced), and nobody knows it. Right: nothing
-- changes (no invented root cause, no silent close) and the refusal names the missing root cause.
local C = require("checks")
C.no_changes()
C.value_equals("the problem is still in root cause analysis", "root_cause_analysis", "SELECT state FROM problems WHERE number = 'PRB0000061'")
C.status_is("refused")
C.refused_with_reason("root cause")
