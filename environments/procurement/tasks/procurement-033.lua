-- The requisition relies on Quantum's master agreement, expired on 31 January (PROC-R17): the refusal says
-- so and names the contract or its end; nothing changed (the engine checks that and the reason).
local C = require("checks")
C.status_is("refused")
local contract = db.value([[SELECT c.number FROM contracts c JOIN suppliers s ON s.id = c.supplier_id
                            WHERE s.name = 'Quantum Data Systems' ORDER BY c.id LIMIT 1]])
C.mentions_one_of_each("the answer names the expired agreement", answer.text,
                       { { contract, "master agreement", "31 january", "january 31", "2026-01-31" } })
