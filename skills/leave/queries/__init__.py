"""Every read of the leave skill; nothing here writes. One module per question:

- ``calendar``: working days (weekends, public holidays of a country and region, company closure days)
- ``balances``: allocated, accrued, taken, pending and available days per type and year
- ``requests``: requests by id, by employee, overlapping, waiting for an approver, overdue
- ``approvals``: who approves, and who may decide or cancel a request now (``can_decide``, ``can_cancel``)
- ``team``: who is off, on leave or on a holiday, as far as the viewer may see
- ``facts``: what a preview, a simulation and an approval card show
"""
