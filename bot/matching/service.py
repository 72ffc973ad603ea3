"""Matching flows, one import for callers: batch proposals for coordinator review, self-service shortlists, mentor
consent with fall-through to the next candidate, and no-fault endings. Slack-free: callers send the messages.

Each idea lives in its own module (errors, info, proposals, requests, batch, review, self_service, consent,
endings); this module only gathers their public names so that callers need not know the split.
"""

from bot.matching.batch import (
    BatchResult,
    ReviewCopyInfo,
    batch_proposals,
    propose_batch,
    record_review_copy,
    review_copies_of,
)
from bot.matching.consent import ConsentOutcome, answer_consent, expire_consents, record_consent_message
from bot.matching.endings import EndedMatch, Reader, end_match, matches_of
from bot.matching.errors import AlreadyDecided, MatchingError, NotYours
from bot.matching.info import MatchInfo, PersonRef, ProposalInfo, Unfilled, match_info, proposal_info, ref
from bot.matching.requests import Withdrawn, arranging_kinds, sync_requests, withdraw_proposals_of_leaver
from bot.matching.review import Review, alternatives, approve, check_proposal_scope, reject, review, swap
from bot.matching.self_service import BEING_ASKED, SHORTLIST_SIZE, pick, shortlist

__all__ = [
    "BEING_ASKED", "SHORTLIST_SIZE", "AlreadyDecided", "BatchResult", "ConsentOutcome", "EndedMatch", "MatchInfo",
    "MatchingError", "NotYours", "PersonRef", "ProposalInfo", "Reader", "Review", "ReviewCopyInfo", "Unfilled", "Withdrawn",
    "alternatives", "answer_consent", "approve", "arranging_kinds", "batch_proposals", "check_proposal_scope",
    "end_match", "expire_consents", "match_info", "matches_of", "pick", "propose_batch", "proposal_info",
    "record_consent_message", "record_review_copy", "reject", "ref", "review", "review_copies_of", "shortlist",
    "swap", "sync_requests", "withdraw_proposals_of_leaver",
]
