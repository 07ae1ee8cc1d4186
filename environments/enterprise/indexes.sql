-- Run after every seed: the lookups the cross-system rules (rules.lua) make on every matching call, so each
-- is an indexed read, never a scan.
CREATE INDEX ent_ci_owner ON configuration_items(owner_id);                 -- ENT-R04: a person's CIs
CREATE INDEX ent_requisitions_requested_for ON requisitions(requested_for_id);  -- ENT-R04: bought for a person
