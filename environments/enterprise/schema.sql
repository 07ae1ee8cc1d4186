-- Enterprise composite: the one table the three systems lack to talk to each other. Everything else is
-- the systems' own (itsm, procurement, compliance over the company directory).

-- Which vendor runs which of our systems: a compliance business system (its access is granted with
-- grant_access) and/or the ITSM catalog item whose request provisions it, and the vendor's risk profile.
-- ENT-R02 reads it: nobody gets access to a system a vendor runs before the vendor's profile is signed off.
-- The link is also written in words in the system's and the catalog item's descriptions, which is where
-- people (and agents) read it.
CREATE TABLE vendor_services (
  id              INTEGER PRIMARY KEY,
  profile_id      INTEGER NOT NULL REFERENCES vendor_risk_profiles(id),
  system_id       INTEGER REFERENCES business_systems(id),
  catalog_item_id INTEGER REFERENCES catalog_items(id),
  service         TEXT NOT NULL,                 -- what the vendor runs, e.g. 'ClientHub CRM (SaaS)'
  CHECK (system_id IS NOT NULL OR catalog_item_id IS NOT NULL)
);
CREATE INDEX vendor_services_system ON vendor_services(system_id);
CREATE INDEX vendor_services_catalog_item ON vendor_services(catalog_item_id);
CREATE INDEX vendor_services_profile ON vendor_services(profile_id);
