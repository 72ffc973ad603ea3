"""A bare Bolt app that only acks, served exactly like mentorbot (waitress, 8 threads): the baseline
for bench_load.py. Usage: python benchmarks/bare_bolt_app.py PORT SIGNING_SECRET SLACK_API_URL
"""

import re
import sys

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve

app = App(signing_secret=sys.argv[2], client=WebClient(token="xoxb-bench", base_url=sys.argv[3]),
          token_verification_enabled=False, ignoring_self_events_enabled=False)
app.command("/mentor")(lambda ack: ack(text="ok"))
app.action(re.compile(".*"))(lambda ack: ack())
app.view(re.compile(".*"))(lambda ack: ack())
app.event(re.compile(".*"))(lambda: None)
serve(SlackRequestHandler(app), host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
