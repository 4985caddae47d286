"""Pure functions from already-loaded data to Block Kit and text; no session, no query. One module per surface:

- ``preview``: the leave.request preview card and the reply after Confirm
- ``cards``: cards about one request (the approver's, the decided one), the reject modal, notice texts
- ``answers``: balance, what if, status, history, the cancel list, who is off, the Home tab
- ``shared``: the pieces they share (headers, fields, balances per year, stand-in reasons)
"""
