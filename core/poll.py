"""The movie-night vote, adapter-free: options, one changeable vote per member, closing, a deterministic winner.

Discord lets a user add several number reactions at once and cannot be asked to remove the older ones without
the Manage Messages permission, so a member's vote is their most recent reaction still standing: adding 3️⃣
after 1️⃣ moves the vote to 3, removing 3️⃣ moves it back to 1. A member who leaves has their vote dropped and
no longer counts towards "everyone voted". A tie goes to the option with the higher group score (the picks'
blended fit for the whole group), then to the earlier option; the result says it was a tie.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field



@dataclass
class PollResult:
    winner: int | None  # option index; None when nobody voted
    counts: list[int]
    tie: bool = False
    tied: list[int] = field(default_factory=list)  # the options that shared the top count (tie only)
    voters: list[str] = field(default_factory=list)  # members who voted for the winner, in vote order


class Poll:
    def __init__(self, options: int, members: Iterable[str], scores: list[float] | None = None,
                 timeout_s: float = 600.0, clock: Callable[[], float] = time.monotonic):
        if options < 1:
            raise ValueError("a poll needs at least one option")
        self.options = options
        self.members: list[str] = list(dict.fromkeys(members))
        self.scores = list(scores or [0.0] * options)
        if len(self.scores) != options:
            raise ValueError("one group score per option")
        self.timeout_s = timeout_s
        self.clock = clock
        self.opened_at = clock()
        self.closed: PollResult | None = None
        self._reactions: dict[str, list[int]] = {}  # member -> options reacted, oldest first

    # ------------------------------------------------------------ votes

    def vote(self, user_id: str, option: int) -> bool:
        """Count `option` as the member's vote (replacing an earlier one). False if it does not count."""
        if self.closed or user_id not in self.members or not 0 <= option < self.options:
            return False
        chosen = [o for o in self._reactions.get(user_id, []) if o != option]
        self._reactions[user_id] = chosen + [option]
        return True

    def unvote(self, user_id: str, option: int) -> bool:
        """The member took `option` back: their vote falls back to their previous standing reaction, if any."""
        if self.closed or option not in self._reactions.get(user_id, []):
            return False
        rest = [o for o in self._reactions[user_id] if o != option]
        if rest:
            self._reactions[user_id] = rest
        else:
            del self._reactions[user_id]
        return True

    def leave(self, user_id: str) -> bool:
        """A member left the group (or the server): their vote no longer counts, nor do they hold up closing."""
        if user_id not in self.members:
            return False
        self.members.remove(user_id)
        self._reactions.pop(user_id, None)
        return True

    @property
    def votes(self) -> dict[str, int]:
        """member -> the option their vote counts for."""
        return {u: chosen[-1] for u, chosen in self._reactions.items() if chosen and u in self.members}

    def counts(self) -> list[int]:
        counts = [0] * self.options
        for option in self.votes.values():
            counts[option] += 1
        return counts

    # ------------------------------------------------------------ closing

    def all_voted(self) -> bool:
        votes = self.votes
        return bool(self.members) and all(u in votes for u in self.members)

    def due(self) -> bool:
        """Time is up or every member has voted."""
        return self.clock() - self.opened_at >= self.timeout_s or self.all_voted()

    def seconds_left(self) -> float:
        return max(0.0, self.timeout_s - (self.clock() - self.opened_at))

    def close(self) -> PollResult:
        """Close once (later calls return the same result): the most votes win, the group score breaks a tie."""
        if self.closed is not None:
            return self.closed
        counts, votes = self.counts(), self.votes
        top = max(counts)
        if top == 0:
            self.closed = PollResult(winner=None, counts=counts)
            return self.closed
        tied = [i for i, c in enumerate(counts) if c == top]
        winner = min(tied, key=lambda i: (-self.scores[i], i))
        voters = [u for u in self._order() if votes.get(u) == winner]
        self.closed = PollResult(winner=winner, counts=counts, tie=len(tied) > 1,
                                 tied=tied if len(tied) > 1 else [], voters=voters)
        return self.closed

    def _order(self) -> list[str]:
        return [u for u in self.members if u in self._reactions]


def announcement(result: PollResult, labels: list[str], names: dict[str, str], language: str = "en") -> str:
    """The closing message: the winner (and that it was a tie, and how it was broken), the votes, who voted for it.

    `labels` are the options' film labels as the reply shows them, `names` the members' display names (already safe text).
    """
    ko = language == "ko"
    total = sum(result.counts)
    if result.winner is None:
        return (f"🗳️ 아무도 투표하지 않아서 우승작이 없어요. 그룹에 가장 잘 맞았던 영화: 1번 {labels[0]}." if ko else
                f"🗳️ Nobody voted, so there is no winner. The best match for the group was #1 {labels[0]}.")
    label, votes = labels[result.winner], result.counts[result.winner]
    who = ", ".join("@" + names.get(u, u) for u in result.voters)
    if ko:
        text = f"🏆 우승: {label} — {total}표 중 {votes}표"
        if result.tie:
            text += (f" (동점: {', '.join(f'{i + 1}번' for i in result.tied)}; 그룹에 더 잘 맞는 "
                     f"{result.winner + 1}번이 이겼어요)")
        return text + f". 투표한 사람: {who}."
    text = f"🏆 Winner: {label} with {votes} of {total} vote{'s' if total != 1 else ''}"
    if result.tie:
        text += (f" (a tie between {', '.join(f'#{i + 1}' for i in result.tied)}; #{result.winner + 1} wins as "
                 "the better match for the group)")
    return text + f". Voted for it: {who}."
