-- The compliance catalog: frameworks and their requirements, business systems and their entitlements,
-- segregation-of-duties pairs, and the control library with its mapping to requirements. Plain data, no
-- logic; lib/grc_seed_controls.lua and lib/grc_seed_access.lua turn it into rows.
local M = {}

-- code, name, kind, description
M.FRAMEWORKS = {
  { "PRIV", "Privacy Regulation", "privacy", "GDPR-like data protection law: lawful processing, data-subject rights, breach notification." },
  { "SOX", "Financial Reporting Controls", "financial", "SOX-like internal control over financial reporting, including IT general controls." },
  { "ISO27001", "Information Security Standard", "security", "ISO 27001-like information security management: Annex A controls." },
}

-- framework code -> { ref, title, text }
M.REQUIREMENTS = {
  PRIV = {
    { "Art. 5", "Principles of processing", "Personal data is processed lawfully, limited to its purpose and kept no longer than necessary." },
    { "Art. 6", "Lawful basis", "Every processing activity has a lawful basis: consent, contract, legal obligation or legitimate interest." },
    { "Art. 12", "Timely response to data subjects", "Requests are answered within one month of receipt; extendable by two further months, the subject told within the first month." },
    { "Art. 15", "Right of access", "A data subject obtains a copy of their personal data, sent to them once their identity is verified." },
    { "Art. 16", "Right to rectification", "Inaccurate personal data is corrected without undue delay." },
    { "Art. 17", "Right to erasure", "Personal data is erased on request unless a legal obligation (retention duty) or legal claim (legal hold) requires keeping it." },
    { "Art. 20", "Right to data portability", "A subject receives the data they provided in a structured, machine-readable format." },
    { "Art. 25", "Data protection by design", "Systems are built and configured to process only the personal data needed." },
    { "Art. 28", "Processors", "Vendors processing personal data are bound by a processing agreement and assessed." },
    { "Art. 30", "Records of processing", "A record of processing activities lists each system, data category, purpose, basis and retention." },
    { "Art. 32", "Security of processing", "Appropriate technical and organisational measures protect personal data, including access control." },
    { "Art. 33", "Breach notification to the authority", "A personal-data breach is notified to the supervisory authority within 72 hours of becoming aware of it, unless unlikely to result in a risk." },
    { "Art. 34", "Communication to data subjects", "A breach likely to result in a high risk is communicated to the affected subjects without undue delay." },
    { "Art. 35", "Impact assessment", "High-risk processing is assessed before it starts." },
    { "Art. 39", "Awareness and training", "Staff who process personal data are trained and made aware of their obligations." },
  },
  SOX = {
    { "ITGC-AC-01", "Access provisioning", "Access to in-scope financial systems is granted only on an approved request." },
    { "ITGC-AC-02", "Periodic access review", "Access to in-scope financial systems is reviewed at least quarterly and inappropriate access removed." },
    { "ITGC-AC-03", "Privileged access", "Privileged and administrative access is restricted, approved and monitored." },
    { "ITGC-AC-04", "Removal of leavers", "Access of people who leave is removed promptly." },
    { "ITGC-CM-01", "Change management", "Changes to in-scope systems are authorised, tested and approved before deployment." },
    { "ITGC-OP-01", "Backup and recovery", "Financial data is backed up and restores are tested." },
    { "FR-01", "Journal entries", "Manual journal entries are reviewed and approved by someone other than the preparer." },
    { "FR-02", "Account reconciliations", "Balance sheet accounts are reconciled and reviewed each month." },
    { "FR-03", "Segregation of duties", "Incompatible duties are separated or the conflict mitigated and monitored." },
    { "FR-04", "Financial close", "The period close follows a checklist reviewed by management." },
    { "P2P-01", "Vendor master changes", "Changes to vendor master data, bank details above all, are independently verified." },
    { "P2P-02", "Invoice matching", "Supplier invoices are matched to the order and the receipt before payment." },
    { "P2P-03", "Payment authorisation", "Payment runs are approved by two authorised people." },
    { "PAY-01", "Payroll changes", "Changes to pay and to employee master data are approved and reviewed." },
    { "PAY-02", "Payroll reconciliation", "Each payroll run is reconciled to the general ledger." },
  },
  ISO27001 = {
    { "A.5.1.1", "Information security policies", "A set of policies is defined, approved by management, published and reviewed at planned intervals." },
    { "A.7.2.2", "Awareness, education and training", "Employees receive awareness training and regular updates of policies relevant to their job." },
    { "A.9.2.1", "User registration and de-registration", "A formal process registers and de-registers users." },
    { "A.9.2.2", "User access provisioning", "Access rights are assigned and revoked through a formal provisioning process." },
    { "A.9.2.3", "Management of privileged access rights", "Privileged access rights are restricted and controlled." },
    { "A.9.2.5", "Review of user access rights", "Asset owners review users' access rights at regular intervals." },
    { "A.9.2.6", "Removal or adjustment of access rights", "Access rights are removed upon termination of employment." },
    { "A.10.1.1", "Use of cryptographic controls", "A policy on cryptographic controls is developed and implemented." },
    { "A.12.1.2", "Change management", "Changes to systems and processing facilities are controlled." },
    { "A.12.3.1", "Information backup", "Backup copies are taken and tested regularly." },
    { "A.12.4.1", "Event logging", "Event logs recording user activities and security events are produced, kept and reviewed." },
    { "A.12.6.1", "Technical vulnerabilities", "Vulnerabilities are identified in a timely way and appropriate measures taken." },
    { "A.13.1.1", "Network controls", "Networks are managed and controlled to protect information." },
    { "A.15.1.1", "Supplier security policy", "Security requirements for suppliers' access to assets are agreed and documented." },
    { "A.15.2.1", "Monitoring of supplier services", "Supplier service delivery is monitored, reviewed and audited." },
    { "A.16.1.2", "Reporting security events", "Security events are reported through management channels as quickly as possible." },
    { "A.16.1.5", "Response to incidents", "Security incidents are responded to in accordance with documented procedures." },
    { "A.17.1.3", "Continuity verification", "Continuity controls are verified at regular intervals." },
    { "A.18.1.3", "Protection of records", "Records are protected from loss, destruction and falsification per legal and contractual requirements." },
    { "A.18.1.4", "Privacy and protection of PII", "Privacy and protection of personally identifiable information is ensured as required by law." },
  },
}

-- code, name, kind, owner (a fixed user name, or 'head:<department>'), SOX in scope, holds personal data,
-- description
M.SYSTEMS = {
  { "ERP", "Ledger ERP", "erp", "frank.delgado", 1, 1, "General ledger, accounts payable and receivable, payment runs (an SAP-like ERP)." },
  { "PAYROLL", "PayCentral Payroll", "payroll", "head:Human Resources", 1, 1, "Payroll, salaries, bank details of employees." },
  { "CRM", "ClientHub CRM", "crm", "hannah.weiss", 0, 1, "Customer accounts, contacts, opportunities and support history." },
  { "CLOUD", "Cloud Platform", "cloud", "nadia.karim", 1, 1, "The public cloud estate hosting production workloads and data." },
  { "PROCURE", "SourceRight Procurement Suite", "procurement", "head:Procurement", 1, 1, "Requisitions, purchase orders, supplier master data." },
  { "HRIS", "PeopleCore HRIS", "hr", "head:Human Resources", 0, 1, "Employee records, hires, leavers, performance and absence." },
  { "COLLAB", "Workplace Suite", "collaboration", "ahmed.nasser", 0, 1, "Mail, documents and chat for every employee." },
}

-- system code -> { code, name, privileged (0/1), description }
M.ENTITLEMENTS = {
  ERP = {
    { "expense_submit", "Submit expense claims", 0, "Submit one's own expense claims." },
    { "gl_read", "General ledger read", 0, "View accounts, balances and journals." },
    { "journal_entry_post", "Post journal entries", 0, "Prepare and post manual journal entries." },
    { "journal_entry_approve", "Approve journal entries", 0, "Approve manual journal entries above the threshold." },
    { "vendor_invoice_post", "Post vendor invoices", 0, "Enter and post supplier invoices." },
    { "payment_release", "Release payment runs", 0, "Approve and release payment runs to the bank." },
    { "bank_reconciliation", "Bank reconciliation", 0, "Reconcile bank statements to the ledger." },
    { "erp_user_admin", "ERP user administration", 1, "Create users and assign ERP roles." },
    { "erp_config_admin", "ERP configuration", 1, "Change ERP configuration and master settings." },
  },
  PAYROLL = {
    { "payroll_read", "Payroll reports", 0, "View payroll runs and reports." },
    { "payroll_edit_pay", "Edit pay data", 0, "Change salaries, allowances and deductions." },
    { "payroll_run_release", "Release payroll run", 0, "Approve and release a payroll run to the bank." },
    { "employee_bank_edit", "Edit employee bank details", 0, "Change where an employee's pay goes." },
    { "payroll_admin", "Payroll administration", 1, "Administer PayCentral users and configuration." },
  },
  CRM = {
    { "crm_read", "CRM read", 0, "View customer accounts and contacts." },
    { "crm_edit", "CRM edit", 0, "Create and change accounts, contacts and opportunities." },
    { "crm_export", "CRM bulk export", 0, "Export customer records in bulk." },
    { "crm_admin", "CRM administration", 1, "Administer ClientHub users, fields and integrations." },
  },
  CLOUD = {
    { "cloud_read", "Cloud read-only", 0, "View resources and configuration." },
    { "cloud_deploy", "Deploy to production", 0, "Deploy workloads and changes to production." },
    { "cloud_change_approve", "Approve production changes", 0, "Approve production change pipelines." },
    { "cloud_iam_admin", "Cloud IAM administration", 1, "Manage cloud identities, roles and policies." },
    { "cloud_audit_log_admin", "Audit log administration", 1, "Configure and delete audit log trails." },
    { "cloud_db_admin", "Production database administration", 1, "Administer production databases." },
  },
  PROCURE = {
    { "requisition_create", "Create requisitions", 0, "Raise purchase requisitions." },
    { "po_create", "Create purchase orders", 0, "Create and issue purchase orders." },
    { "goods_receipt_post", "Post goods receipts", 0, "Record goods and services received." },
    { "supplier_master_edit", "Edit supplier master data", 0, "Create suppliers and change their details, bank details included." },
    { "procure_admin", "Procurement suite administration", 1, "Administer SourceRight users and approval settings." },
  },
  HRIS = {
    { "hris_self_service", "Employee self-service", 0, "View one's own record, payslips and leave." },
    { "hris_read", "HR records read", 0, "View employee records." },
    { "hire_employee", "Hire employees", 0, "Create employees and start dates." },
    { "terminate_employee", "Process leavers", 0, "Record leavers and their end dates." },
    { "hris_admin", "HRIS administration", 1, "Administer PeopleCore users and configuration." },
  },
  COLLAB = {
    { "mailbox", "Mailbox and documents", 0, "Standard mail, calendar and documents." },
    { "remote_access", "Remote access (VPN)", 0, "Connect to the company network from outside the office." },
    { "collab_admin", "Workplace administration", 1, "Administer mailboxes, sharing and retention settings." },
  },
}

-- Entitlements everyone gets (the baseline of an active employee).
M.BASELINE = { "COLLAB.mailbox", "COLLAB.remote_access", "HRIS.hris_self_service", "ERP.expense_submit" }

-- Entitlements by department (system.code), drawn from for each person of the department.
M.BY_DEPARTMENT = {
  Finance = { "ERP.gl_read", "ERP.journal_entry_post", "ERP.vendor_invoice_post", "ERP.bank_reconciliation", "PROCURE.requisition_create",
              "ERP.journal_entry_approve", "ERP.payment_release" },
  ["Human Resources"] = { "HRIS.hris_read", "HRIS.hire_employee", "HRIS.terminate_employee", "PAYROLL.payroll_read", "PAYROLL.payroll_edit_pay",
                          "PAYROLL.employee_bank_edit", "PAYROLL.payroll_run_release" },
  Sales = { "CRM.crm_read", "CRM.crm_edit", "CRM.crm_export", "PROCURE.requisition_create" },
  Marketing = { "CRM.crm_read", "CRM.crm_export", "PROCURE.requisition_create" },
  Engineering = { "CLOUD.cloud_read", "CLOUD.cloud_deploy", "CLOUD.cloud_change_approve", "CLOUD.cloud_db_admin" },
  ["IT Operations"] = { "CLOUD.cloud_read", "CLOUD.cloud_deploy", "CLOUD.cloud_iam_admin", "CLOUD.cloud_db_admin", "ERP.erp_user_admin",
                        "CRM.crm_admin", "COLLAB.collab_admin", "HRIS.hris_admin", "CLOUD.cloud_audit_log_admin" },
  Legal = { "CRM.crm_read", "HRIS.hris_read", "PROCURE.requisition_create" },
  ["Customer Support"] = { "CRM.crm_read", "CRM.crm_edit" },
  Facilities = { "PROCURE.requisition_create", "PROCURE.goods_receipt_post" },
  Procurement = { "PROCURE.requisition_create", "PROCURE.po_create", "PROCURE.goods_receipt_post", "PROCURE.supplier_master_edit",
                  "ERP.gl_read" },
  ["Executive Office"] = { "ERP.gl_read", "CRM.crm_read", "PAYROLL.payroll_read" },
  Research = { "CLOUD.cloud_read", "CLOUD.cloud_deploy" },
}

-- code, entitlement a, entitlement b, risk, description
M.SOD_RULES = {
  { "SOD-01", "PROCURE.supplier_master_edit", "ERP.payment_release", "high", "Whoever changes supplier bank details must not release payments." },
  { "SOD-02", "ERP.journal_entry_post", "ERP.journal_entry_approve", "high", "Whoever posts manual journal entries must not approve them." },
  { "SOD-03", "ERP.vendor_invoice_post", "ERP.payment_release", "high", "Whoever posts supplier invoices must not release their payment." },
  { "SOD-04", "PAYROLL.payroll_edit_pay", "PAYROLL.payroll_run_release", "high", "Whoever changes pay must not release the payroll run." },
  { "SOD-05", "PAYROLL.employee_bank_edit", "PAYROLL.payroll_run_release", "high", "Whoever edits employees' bank details must not release payroll." },
  { "SOD-06", "HRIS.hire_employee", "PAYROLL.payroll_edit_pay", "medium", "Whoever creates employees must not set their pay." },
  { "SOD-07", "PROCURE.po_create", "PROCURE.goods_receipt_post", "medium", "Whoever orders must not confirm the receipt." },
  { "SOD-08", "CLOUD.cloud_deploy", "CLOUD.cloud_change_approve", "medium", "Whoever deploys to production must not approve the change." },
  { "SOD-09", "CLOUD.cloud_iam_admin", "CLOUD.cloud_audit_log_admin", "high", "Whoever manages cloud identities must not control the audit trail." },
  { "SOD-10", "ERP.erp_user_admin", "ERP.journal_entry_post", "medium", "ERP administrators must not post journal entries." },
}

-- The control library. Each: title, description, domain, frequency, key (0/1), automated (0/1), owner (a
-- fixed user name or 'head:<department>'), requirement refs as 'FRAMEWORK ref'.
M.CONTROLS = {
  -- Financial reporting
  { "Manual journal entry review", "Manual journal entries above USD 10,000 are reviewed and approved by someone other than the preparer before posting.", "Financial close", "monthly", 1, 0, "frank.delgado", { "SOX FR-01", "SOX FR-03" } },
  { "Bank reconciliations", "Every bank account is reconciled to the ledger monthly; differences over USD 500 are explained and cleared.", "Financial close", "monthly", 1, 0, "frank.delgado", { "SOX FR-02" } },
  { "Balance sheet account reconciliations", "Key balance sheet accounts are reconciled monthly and reviewed by the Financial Controller.", "Financial close", "monthly", 1, 0, "frank.delgado", { "SOX FR-02" } },
  { "Intercompany reconciliation", "Intercompany balances are agreed between entities each month and differences resolved before close.", "Financial close", "monthly", 0, 0, "frank.delgado", { "SOX FR-02" } },
  { "Financial close checklist", "The month-end close follows a checklist; each step is signed off and the checklist reviewed by the Finance Director.", "Financial close", "monthly", 1, 0, "frank.delgado", { "SOX FR-04" } },
  { "Management review of financial statements", "The CFO reviews the quarterly financial statements and variance analysis before release.", "Financial close", "quarterly", 1, 0, "olivia.grant", { "SOX FR-04" } },
  { "Revenue cut-off review", "Sales invoiced around quarter end are tested for recognition in the right period.", "Revenue", "quarterly", 1, 0, "frank.delgado", { "SOX FR-04" } },
  { "Accruals review", "Accruals and provisions are reviewed quarterly against supporting evidence.", "Financial close", "quarterly", 0, 0, "frank.delgado", { "SOX FR-02" } },
  { "Tax provision review", "The quarterly tax provision is prepared and reviewed by a second accountant.", "Tax", "quarterly", 0, 0, "frank.delgado", { "SOX FR-04" } },
  { "Fixed asset additions review", "Capitalised additions are reviewed quarterly against invoices and the capitalisation policy.", "Fixed assets", "quarterly", 0, 0, "frank.delgado", { "SOX FR-02" } },
  { "Three-way match before payment", "The procurement suite blocks payment of an invoice that does not match its order and receipt within tolerance.", "Procure to pay", "quarterly", 1, 1, "head:Procurement", { "SOX P2P-02" } },
  { "Vendor master change verification", "Every change to a supplier's bank details is verified by a call-back to the number on file before it takes effect.", "Procure to pay", "monthly", 1, 0, "head:Procurement", { "SOX P2P-01", "SOX FR-03" } },
  { "Dual approval of payment runs", "Payment runs are approved by two people holding release authority before they go to the bank.", "Procure to pay", "monthly", 1, 1, "frank.delgado", { "SOX P2P-03" } },
  { "Duplicate invoice detection", "The ERP flags invoices with the same supplier, number and amount; flagged invoices are reviewed before payment.", "Procure to pay", "quarterly", 0, 1, "frank.delgado", { "SOX P2P-02" } },
  { "Payroll change approval", "Changes to pay, allowances and deductions are approved by HR and reviewed against the payroll change report.", "Payroll", "monthly", 1, 0, "head:Human Resources", { "SOX PAY-01" } },
  { "Payroll to ledger reconciliation", "Each payroll run is reconciled to the general ledger and differences investigated.", "Payroll", "monthly", 1, 0, "frank.delgado", { "SOX PAY-02" } },
  { "Employee bank detail change verification", "A change of an employee's bank account is confirmed with the employee through a second channel.", "Payroll", "quarterly", 1, 0, "head:Human Resources", { "SOX PAY-01", "PRIV Art. 32" } },
  { "Segregation of duties monitoring", "Conflicting entitlement pairs are detected each quarter; each conflict is removed or covered by an approved exception.", "Access management", "quarterly", 1, 1, "desmond.achebe", { "SOX FR-03", "ISO27001 A.9.2.2" } },
  -- Security
  { "Information security policy review", "The information security policy set is reviewed and approved by management each year.", "Governance", "annual", 1, 0, "yolanda.pryce", { "ISO27001 A.5.1.1" } },
  { "Security awareness training completion", "Every employee completes the annual security awareness course; completion is tracked and chased.", "People", "annual", 1, 0, "yolanda.pryce", { "ISO27001 A.7.2.2", "PRIV Art. 39" } },
  { "Phishing simulation", "A phishing simulation runs each quarter; repeat clickers get targeted training.", "People", "quarterly", 0, 0, "victor.lang", { "ISO27001 A.7.2.2" } },
  { "Vulnerability scanning", "External and internal vulnerability scans run monthly; critical findings are fixed within 15 days.", "Operations security", "monthly", 1, 1, "victor.lang", { "ISO27001 A.12.6.1" } },
  { "Server patch compliance", "Servers receive security patches within 30 days of release; exceptions are approved.", "Operations security", "monthly", 1, 1, "peter.hall", { "ISO27001 A.12.6.1" } },
  { "Encryption at rest", "Production databases and storage holding confidential or personal data are encrypted at rest.", "Cryptography", "annual", 1, 1, "nadia.karim", { "ISO27001 A.10.1.1", "PRIV Art. 32" } },
  { "Endpoint protection coverage", "Every laptop runs endpoint protection with disk encryption; coverage is reported monthly.", "Operations security", "monthly", 0, 1, "linda.park", { "ISO27001 A.12.6.1", "PRIV Art. 32" } },
  { "Multi-factor authentication enforcement", "MFA is enforced for remote access and for every privileged account.", "Access management", "quarterly", 1, 1, "david.cohen", { "ISO27001 A.9.2.3", "PRIV Art. 32" } },
  { "Security incident response", "Security events are triaged and handled under the incident response procedure; the procedure is exercised yearly.", "Incident management", "annual", 1, 0, "victor.lang", { "ISO27001 A.16.1.2", "ISO27001 A.16.1.5" } },
  { "Business continuity test", "The business continuity plan is tested once a year and the lessons recorded.", "Continuity", "annual", 0, 0, "george.whitman", { "ISO27001 A.17.1.3" } },
  { "Disaster recovery test", "Recovery of the production platform in the secondary region is tested once a year against its recovery time objective.", "Continuity", "annual", 1, 0, "nadia.karim", { "ISO27001 A.17.1.3", "SOX ITGC-OP-01" } },
  { "Firewall rule review", "Firewall rules are reviewed every quarter; unused and over-broad rules are removed.", "Network security", "quarterly", 0, 0, "raj.iyer", { "ISO27001 A.13.1.1" } },
  { "Secure configuration baseline", "New servers are built from the hardened baseline; drift is reported monthly.", "Operations security", "monthly", 0, 1, "sofia.rossi", { "ISO27001 A.12.6.1" } },
  { "Security log monitoring", "Security alerts from the log platform are reviewed daily and escalated under the incident procedure.", "Operations security", "monthly", 1, 1, "victor.lang", { "ISO27001 A.12.4.1", "ISO27001 A.16.1.2" } },
  { "Supplier security requirements", "Contracts with suppliers that access our data include the security schedule.", "Supplier management", "annual", 0, 0, "yolanda.pryce", { "ISO27001 A.15.1.1", "PRIV Art. 28" } },
  { "Tier-1 vendor annual assessment", "Every tier-1 vendor is assessed at least every 12 months, and before any award or renewal.", "Supplier management", "quarterly", 1, 0, "carmen.villalobos", { "ISO27001 A.15.2.1", "PRIV Art. 28" } },
  { "Vendor onboarding due diligence", "A new vendor with access to our data or systems passes a risk assessment before the contract is signed.", "Supplier management", "quarterly", 0, 0, "carmen.villalobos", { "ISO27001 A.15.1.1", "PRIV Art. 28" } },
  { "Vendor offboarding", "When a vendor relationship ends, its access is removed and its data returned or destroyed.", "Supplier management", "annual", 0, 0, "carmen.villalobos", { "ISO27001 A.15.2.1" } },
  -- Privacy
  { "Record of processing maintained", "The record of processing activities is reviewed each quarter against the systems inventory.", "Privacy governance", "quarterly", 1, 0, "henrik.aalto", { "PRIV Art. 30", "PRIV Art. 6" } },
  { "Data-subject requests answered on time", "Each data-subject request is answered within one month of receipt, or extended in time with the subject told.", "Privacy operations", "monthly", 1, 0, "henrik.aalto", { "PRIV Art. 12", "PRIV Art. 15", "PRIV Art. 17" } },
  { "Requester identity verification", "The requester's identity is verified before any data is exported, erased or changed.", "Privacy operations", "quarterly", 1, 0, "henrik.aalto", { "PRIV Art. 12", "PRIV Art. 15", "PRIV Art. 32" } },
  { "Breach notification within 72 hours", "Personal-data breaches are assessed and, unless unlikely to result in a risk, notified to the authority within 72 hours.", "Privacy operations", "quarterly", 1, 0, "henrik.aalto", { "PRIV Art. 33", "PRIV Art. 34", "ISO27001 A.16.1.2" } },
  { "Breach register", "Every personal-data breach, notified or not, is recorded with its facts, effects and remedial action.", "Privacy operations", "quarterly", 0, 0, "henrik.aalto", { "PRIV Art. 33" } },
  { "Impact assessment for high-risk processing", "New high-risk processing has an approved impact assessment before go-live.", "Privacy governance", "annual", 0, 0, "henrik.aalto", { "PRIV Art. 35", "PRIV Art. 25" } },
  { "Retention schedule enforcement", "Data past its retention period is deleted or anonymised each quarter, except data under a legal hold or retention duty.", "Records management", "quarterly", 1, 1, "henrik.aalto", { "PRIV Art. 5", "PRIV Art. 17", "ISO27001 A.18.1.3" } },
  { "Legal hold process", "Data covered by a legal hold is identified, preserved and released only by Legal.", "Records management", "annual", 1, 0, "beatrice.strand", { "ISO27001 A.18.1.3", "PRIV Art. 17" } },
  { "Privacy notice review", "Privacy notices are reviewed yearly against actual processing.", "Privacy governance", "annual", 0, 0, "henrik.aalto", { "PRIV Art. 12" } },
  { "Consent records", "Marketing consent is recorded with its time, source and wording; withdrawals take effect within 48 hours.", "Privacy operations", "quarterly", 0, 1, "henrik.aalto", { "PRIV Art. 6" } },
  { "Processor agreements in place", "Every vendor processing personal data has a signed processing agreement.", "Supplier management", "annual", 1, 0, "henrik.aalto", { "PRIV Art. 28" } },
  { "Privacy training for data handlers", "Staff in HR, Sales, Support and Legal complete data protection training each year.", "People", "annual", 0, 0, "henrik.aalto", { "PRIV Art. 39", "ISO27001 A.7.2.2" } },
  { "Customer data export restriction", "Bulk exports from the CRM are limited to named roles and logged.", "Access management", "quarterly", 0, 1, "hannah.weiss", { "PRIV Art. 32", "PRIV Art. 25" } },
}

-- Controls made for each business system (system code substituted for %s). Each: title pattern,
-- description pattern, domain, frequency, key, automated, owner, requirement refs; refs marked SOX apply
-- to SOX in-scope systems only, PRIV ones to systems holding personal data.
M.SYSTEM_CONTROLS = {
  { "%s access provisioning approval", "Access to %s is granted only on a request approved by the person's manager and the system owner.", "Access management", "quarterly", 1, 0, "david.cohen",
    { "SOX ITGC-AC-01", "ISO27001 A.9.2.2", "ISO27001 A.9.2.1" } },
  { "%s quarterly user access review", "Every quarter the owner of %s certifies each user's access; revoke decisions are carried out before the review closes.", "Access management", "quarterly", 1, 0, "desmond.achebe",
    { "SOX ITGC-AC-02", "ISO27001 A.9.2.5", "PRIV Art. 32" } },
  { "%s privileged access restriction", "Administrative access to %s is limited to named administrators, approved, and its use logged.", "Access management", "quarterly", 1, 0, "yolanda.pryce",
    { "SOX ITGC-AC-03", "ISO27001 A.9.2.3" } },
  { "%s leaver access removal", "Access to %s of people who leave is removed within one business day of their leaving date.", "Access management", "monthly", 1, 1, "david.cohen",
    { "SOX ITGC-AC-04", "ISO27001 A.9.2.6" } },
}
-- System codes that get the system controls above.
M.SYSTEM_CONTROL_SYSTEMS = { "ERP", "PAYROLL", "CRM", "CLOUD", "PROCURE", "HRIS" }

-- Operations controls for some systems: change management, backup, logging.
M.OPS_CONTROLS = {
  { "%s change management", "Changes to %s are raised as change requests, tested, and approved by the Change Advisory Board before deployment.", "Change management", "quarterly", 1, 0, "priya.raman",
    { "SOX ITGC-CM-01", "ISO27001 A.12.1.2" }, { "ERP", "PAYROLL", "CLOUD", "PROCURE" } },
  { "%s backup and restore test", "%s data is backed up daily and a restore is tested each quarter.", "Operations security", "quarterly", 1, 1, "helen.wu",
    { "SOX ITGC-OP-01", "ISO27001 A.12.3.1" }, { "ERP", "PAYROLL", "CRM", "HRIS" } },
  { "%s audit logging", "User and administrator activity in %s is logged, kept for a year and protected from change.", "Operations security", "monthly", 0, 1, "victor.lang",
    { "ISO27001 A.12.4.1", "SOX ITGC-AC-03" }, { "ERP", "CLOUD" } },
}

return M
