"""Recall cases and drills: a recall a business runs for days, and the mock recall auditors ask for.

A case is opened on a trigger (a supplier's notice, our lot codes, a complaint); its scope is what
the trace engine answers then, frozen in the `case.opened` event and its read tables, so the case
says what was known when, and `recompute` shows what changed since (a shipment recorded late, a
batch found to use the lot) and adds it only on request. Every action is one `case.*` event;
holds, releases and destruction go through the lot verbs in the same transaction. A drill is a
case of kind `drill` (id D-n): same scope, counts and mass balance, but it changes no stock, holds
nothing and notifies nobody. A closed case is read-only until reopened (lifecycle.py).

- `services`: the verbs (open_case, add_to_scope, hold_case, confirm_site, notify_customer,
  count_lot, units_returned, units_destroyed, add_note, close_case, release_holds, reopen_case)
- `queries`: list_cases, case_details, recompute (typed answers for the pages, the PDF, the API)
- `balance.py`: the mass balance per lot and for the case
"""
