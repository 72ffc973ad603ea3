"""What OAuth mode costs each Web API call made outside a request (the outbox, jobs): the installation's token is
read from the database for every call (a rotating token changes under a long-lived process), against a client
holding SLACK_BOT_TOKEN. Both call `auth.test` on the local emulator, alternating in rounds; medians per call.
Usage: python benchmarks/bench_installation_token.py [--calls 300] [--rounds 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_sdk import WebClient  # noqa: E402

from bot.emulator import SlackEmulator  # noqa: E402
from bot.emulator.oauth import OAuthApp  # noqa: E402
from bot.settings import Settings, load_settings  # noqa: E402
from bot.startup import bot_client  # noqa: E402
from storage.engine import make_engine, session_factory, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import SlackInstallation  # noqa: E402
from storage.token_cipher import TokenCipher, new_key  # noqa: E402

CLIENT_ID, SECRET = "1.2", "bench-secret"


def per_call(client: WebClient, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        client.auth_test()
    return (time.perf_counter() - start) / calls * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = make_engine(url)
    upgrade(engine)
    with SlackEmulator(bot_token="xoxb-static", signing_secret="s").start() as slack:
        static = WebClient(token="xoxb-installed", base_url=slack.api_url)  # the same token, held in memory
        slack.enable_oauth(OAuthApp(CLIENT_ID, SECRET, ("https://example.org/slack/oauth_redirect",)))
        # an installation as an install leaves it (the emulator issued its token)
        with slack._ws.lock:  # noqa: SLF001 (a benchmark seeds the emulator directly)
            slack._ws.oauth.access_tokens["xoxb-installed"] = None  # noqa: SLF001
        key = new_key()
        with transaction(session_factory(engine)) as session:
            session.add(SlackInstallation(client_id=CLIENT_ID, team_id="T0MENTOR", installed_at=datetime.now(UTC),
                                          bot_token_encrypted=TokenCipher([key]).encrypt("xoxb-installed")))
        settings = load_settings(Settings, slack_client_id=CLIENT_ID, slack_client_secret=SECRET,
                                 slack_redirect_uri="https://example.org/slack/oauth_redirect",
                                 slack_api_url=slack.api_url, database_url=url, token_keys=key)
        installed = bot_client(settings)
        results: dict[str, list[float]] = {"SLACK_BOT_TOKEN": [], "installation": []}
        for _ in range(args.rounds):
            results["SLACK_BOT_TOKEN"].append(per_call(static, args.calls))
            results["installation"].append(per_call(installed, args.calls))
    for name, times in results.items():
        print(f"{name:>16}: {statistics.median(times):.2f} ms per auth.test (median of {args.rounds} x {args.calls})")
    ratio = statistics.median(results["installation"]) / statistics.median(results["SLACK_BOT_TOKEN"])
    print(f"ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
