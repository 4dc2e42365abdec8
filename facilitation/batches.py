"""What waits for the screens when several processes serve one hall: queued in Redis, sent by one process per event.

With a message queue (hall.py) a ballot stored by any process must reach projectors connected to every process, in
the same batches one process sends alone (publisher.py), and never twice. So what changed is queued in Redis — a
hash per event, one counter per matrix row, summary or status that changed — by whichever process stored it; and
each event's batches are sent by the one process holding its lease (a Redis key with a time to live, renewed by its
holder every round). Every process with a sending loop running takes any free lease of an event with something
queued, so ownership moves within LEASE seconds when its holder dies. A batch is removed from the queue only after
it was sent, and only where nothing changed again meanwhile (the counters), so a holder that dies mid-batch leaves
it to the next, and a row changed while it was being sent goes again.

HallOutbox has publisher.Outbox's methods; live.py uses whichever the app has.
"""
import json
import logging
import time

import redis

from . import hall
from .publisher import Sender

# A holder that has not renewed its lease for this long is taken to be gone; every round renews it.
LEASE = 3.0
# A holder gives its lease up after this many rounds with nothing to send, so a quiet event frees its owner.
IDLE_ROUNDS = 20

# KEYS: the set of events with something queued, this event's queue. ARGV: the event, then what changed. Each change
# counts one up (so a batch taken before it is not removed over it), and the event is marked as having something queued.
_ENQUEUE = """
for i = 2, #ARGV do redis.call('HINCRBY', KEYS[2], ARGV[i], 1) end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""

# KEYS[1]: the set of events with something queued. ARGV: this process, the lease in ms, key prefix, then the events
# this process believes it holds and wants to keep though idle. For every queued event whose lease is free or ours:
# take (or renew) the lease and return what is queued. Returns a flat list: event, 1 if newly taken, n, field, count…
_TAKE = """
local me, ttl, prefix = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local out = {}
local function hold(event)
  local lease = prefix .. ':batches:' .. event
  local holder = redis.call('GET', lease)
  if holder == false then
    redis.call('SET', lease, me, 'PX', ttl)
    return 1
  elseif holder == me then
    redis.call('PEXPIRE', lease, ttl)
    return 0
  end
  return -1
end
local queued = redis.call('SMEMBERS', KEYS[1])
local seen = {}
local waiting = 0
for _, event in ipairs(queued) do
  local queue = prefix .. ':queue:' .. event
  if redis.call('EXISTS', queue) == 0 then
    redis.call('SREM', KEYS[1], event)
  else
    waiting = waiting + 1
    seen[event] = true
    local taken = hold(event)
    if taken >= 0 then
      local fields = redis.call('HGETALL', queue)
      table.insert(out, event); table.insert(out, taken); table.insert(out, #fields)
      for _, value in ipairs(fields) do table.insert(out, value) end
    end
  end
end
for i = 4, #ARGV do
  local event = ARGV[i]
  if not seen[event] then
    local taken = hold(event)
    if taken >= 0 then
      table.insert(out, event); table.insert(out, taken); table.insert(out, 0)
    end
  end
end
return {waiting, out}
"""

# KEYS: the set of events with something queued, this event's queue. ARGV: the event, then field, count pairs as
# taken. Remove each only if it has not changed since; an event with nothing left is no longer marked as queued.
_DONE = """
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SREM', KEYS[1], ARGV[1]) end
return 1
"""

# ARGV: this process, then events whose lease it gives up (only where it still holds them and nothing is queued).
_RELEASE = """
local me, prefix = ARGV[1], ARGV[2]
for i = 3, #ARGV do
  local lease = prefix .. ':batches:' .. ARGV[i]
  if redis.call('GET', lease) == me and redis.call('EXISTS', prefix .. ':queue:' .. ARGV[i]) == 0 then
    redis.call('DEL', lease)
  end
end
return 1
"""


def _queue(event_id):
    """The Redis hash of what changed in an event and waits for its next batch."""
    return hall.key("queue", event_id)


def _row(criterion, table_number):
    """A matrix row's field in the queue."""
    return "row " + json.dumps([criterion, table_number])


class HallOutbox(Sender):
    """One process's side of the hall's batches: queues changes in Redis, and sends the events whose lease it holds."""

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.held = {}        # event id -> rounds in a row with nothing to send, for the leases this process holds
        self.taken = {}       # event id -> [(field, count)] of the last take, removed from the queue by done()
        self.changes = 0      # changes queued by this process, so a loop that found nothing does not stop over one
        self.watching = False  # whether this process looks for batches that a process which died left behind
        self.scripts = None

    def _script(self, name):
        """A registered Lua script (registered once; redis-py resends it if Redis restarted)."""
        if self.scripts is None:
            client = hall.client(self.app)
            self.scripts = {n: client.register_script(source) for n, source in
                            (("enqueue", _ENQUEUE), ("take", _TAKE), ("done", _DONE), ("release", _RELEASE))}
        return self.scripts[name]

    def _enqueue(self, event_id, *fields):
        """Queue changes of an event in Redis; True when the caller must start this process's sending loop."""
        try:
            self._script("enqueue")(keys=[hall.key("queued"), _queue(event_id)], args=[event_id, *fields])
        except redis.RedisError:
            # The change is stored: only the screens' update is lost, as every broadcast is while Redis is down.
            logging.getLogger(__name__).exception("Could not queue a change of event %s for the screens", event_id)
        with self.lock:
            self.changes += 1
            start, self.running = not self.running, True
            return start

    def ballot(self, event_id, criterion, table_number):
        """A table's ballot for a criterion changed: its row, and the statuses, go in the next batch."""
        return self._enqueue(event_id, _row(criterion, table_number), "statuses")

    def answers_changed(self, event_id):
        """The event's confidence summary goes in the next batch."""
        return self._enqueue(event_id, "answers")

    def statuses_changed(self, event_id):
        """The event's table statuses go in the next batch (a draft or voting changed)."""
        return self._enqueue(event_id, "statuses")

    def forget(self, event_id):
        """The event's definition changed: whichever process sends its batches forgets what it last sent."""
        self._forget(event_id)
        self._enqueue(event_id, "forget")

    def _forget(self, event_id):
        """Drop what this process last sent for an event, and its pacing."""
        with self.lock:
            self._forget_sent(event_id)

    def take(self, now=None):
        """What this process may send now: (rows by event, answer events, status events); None, stopping the loop,
        once nothing is queued anywhere and it holds no lease. Empty while another process holds what is queued."""
        now = time.monotonic() if now is None else now
        with self.lock:
            changes, held = self.changes, list(self.held)
        try:
            queued, found = self._script("take")(keys=[hall.key("queued")], args=[
                hall.process_id(self.app), int(LEASE * 1000), hall.PREFIX, *held])
        except redis.RedisError:
            logging.getLogger(__name__).exception("Could not take the screens' batches from Redis")
            queued, found = 0, []
        rows, answers, statuses, mine, self.taken = {}, set(), set(), set(), {}
        position = 0
        while position < len(found):
            event_id, new, count = int(found[position]), found[position + 1], found[position + 2]
            fields = found[position + 3: position + 3 + count]
            position += 3 + count
            mine.add(event_id)
            if new or event_id not in self.held:
                self._forget(event_id)   # what another holder sent meanwhile is not in this process's memory
            taken = self.taken.setdefault(event_id, [])
            for field, counter in zip(fields[::2], fields[1::2]):
                if field == "forget":
                    self._forget(event_id)
                elif field.startswith("row "):
                    rows.setdefault(event_id, set()).add(tuple(json.loads(field[4:])))
                elif self.not_before.get((field, event_id), 0) <= now:
                    (answers if field == "answers" else statuses).add(event_id)
                else:
                    continue   # paced (publisher.PACE): stays queued for a later round
                taken.append((field, counter))
        self._keep(mine)
        with self.lock:
            if not mine and not queued and self.changes == changes:
                self.running = False
                return None
        return rows, answers, statuses

    def _keep(self, mine):
        """Count idle rounds of the leases held; give up those idle for IDLE_ROUNDS, and forget those lost."""
        for event_id in set(self.held) - mine:
            self.held.pop(event_id)
            self._forget(event_id)   # the lease expired (this process stalled): another holder sends now
        idle = []
        for event_id in mine:
            rounds = 0 if self.taken.get(event_id) else self.held.get(event_id, 0) + 1
            self.held[event_id] = rounds
            if rounds >= IDLE_ROUNDS:
                idle.append(event_id)
        if idle:
            try:
                self._script("release")(args=[hall.process_id(self.app), hall.PREFIX, *idle])
            except redis.RedisError:
                return   # kept for now; the lease expires by itself
            for event_id in idle:
                self.held.pop(event_id)
                self._forget(event_id)

    def done(self):
        """The last take was sent: remove it from the queue, except what changed again meanwhile."""
        taken, self.taken = self.taken, {}
        try:
            for event_id, fields in taken.items():
                if fields:
                    self._script("done")(keys=[hall.key("queued"), _queue(event_id)],
                                         args=[event_id, *(part for pair in fields for part in pair)])
        except redis.RedisError:
            logging.getLogger(__name__).exception("Could not mark the screens' batch as sent")

    def watch(self):
        """True once, for the caller to start watching for batches left queued with no process sending them."""
        with self.lock:
            start, self.watching = not self.watching, True
            return start

    def orphaned(self):
        """Whether something is queued while this process's loop is not running (its holder may have died)."""
        try:
            queued = hall.client(self.app).scard(hall.key("queued"))
        except redis.RedisError:
            return False
        with self.lock:
            if queued and not self.running:
                self.running = True
                return True
            return False
