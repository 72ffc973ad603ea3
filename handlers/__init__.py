"""Slack glue: parse a payload, call one bot/ service, render a view. No business rules here."""
