"""What people ask of mentorbot in Slack, one function per request: each owns its unit of work.

A listener parses, acknowledges, calls one function here and renders what it returns. The function opens the
session or transaction, checks that the thing is the person's (a `Refused` is audited by `unit_of_work`), calls
the capability's rules and tells whoever must hear of it through the notifier.
"""
