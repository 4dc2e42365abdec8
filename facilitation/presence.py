"""How many phones are connected at each table: counted by each process, summed over the hall's processes.

One Presence lives in app.extensions["presence"]; live.py counts phones up and down as they join and leave, and the
control room's page and screens read the counts. With one process (no message queue) that is all, in memory. In a
hall (SOCKETIO_MESSAGE_QUEUE) each process also publishes its own counts to Redis — a hash per event, one field per
process — and what the screens get is the sum. A process beats every BEAT seconds; one not heard of for TTL seconds
(killed) has its fields removed by whichever process notices first, and the screens of its events get the lower counts.
A process that stops cleanly removes its own fields.
"""
import atexit
import json
import logging
import threading
from collections import Counter

import redis
from flask import current_app

from . import hall, socketio

BEAT = 1.0   # seconds between a process's heartbeats, each also a look for processes that stopped beating
TTL = 4.0    # a process not heard of for this long is gone: its phones stop being counted

log = logging.getLogger(__name__)

# Sets this process's counts for an event unless a newer version is there already (two handlers of one process may
# reach Redis in the other order than they counted in), and returns every process's counts for the event.
# KEYS: the event's counts, this process's events. ARGV: process, version, counts (JSON), event id.
PUBLISH = """
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held or tonumber(string.match(held, '^(%d+)|')) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
  redis.call('SADD', KEYS[2], ARGV[4])
end
return redis.call('HVALS', KEYS[1])
"""

# Removes a process's counts from every event it had, once: only if its heartbeat has expired (or it is leaving,
# ARGV[3] = '1') and it was still listed, so of the processes that notice together exactly one gets the events back
# (and tells their screens). KEYS: the processes, the process's heartbeat, its events. ARGV: process, counts key
# prefix, leaving.
DROP = """
local leaving = ARGV[3] == '1'
if not leaving and redis.call('EXISTS', KEYS[2]) == 1 then return {} end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 and not leaving then return {} end
local events = redis.call('SMEMBERS', KEYS[3])
for _, event in ipairs(events) do redis.call('HDEL', ARGV[2] .. event, ARGV[1]) end
redis.call('DEL', KEYS[2], KEYS[3])
return events
"""


class Presence:
    """Which table each connected phone joined, and a running count per event and table (this process's own)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phones = {}    # socket id -> (event id, table number)
        self.counts = {}    # event id -> Counter of table number -> phones connected
        self.version = 0    # one more at every change: what the hall keeps of this process is never older than it had

    def joined(self, sid, event_id, table_number):
        """A phone joined a table; returns the events whose counts changed (a phone may move to another table)."""
        with self.lock:
            before = self._leave(sid)
            self.phones[sid] = (event_id, table_number)
            self.counts.setdefault(event_id, Counter())[table_number] += 1
            self.version += 1
        return [event_id] if before in (None, event_id) else [before, event_id]

    def left(self, sid):
        """A phone went away; returns its event, or None if it had not joined a table."""
        with self.lock:
            event_id = self._leave(sid)
            self.version += event_id is not None
            return event_id

    def _leave(self, sid):
        """Take a phone off its table's count (the caller holds the lock); its event, or None."""
        found = self.phones.pop(sid, None)
        if found is None:
            return None
        event_id, table_number = found
        counts = self.counts[event_id]
        counts[table_number] -= 1
        if counts[table_number] <= 0:
            del counts[table_number]
        if not counts:
            del self.counts[event_id]
        return event_id

    def of(self, event_id):
        """How many phones are connected at each table of an event (tables with none left out)."""
        with self.lock:
            return dict(self.counts.get(event_id, {}))

    def snapshot(self, event_id):
        """This process's counts for an event with the version they are of (read together)."""
        with self.lock:
            return self.version, dict(self.counts.get(event_id, {}))

    def events(self):
        """The events this process has phones at."""
        with self.lock:
            return list(self.counts)


class Hall:
    """This process's part of the hall's phone counts in Redis, its heartbeat, and its look for processes gone."""

    def __init__(self, app, announce):
        self.app, self.announce = app, announce
        self.client, self.me = hall.client(app), hall.process_id(app)
        self.publish_script = self.client.register_script(PUBLISH)
        self.drop_script = self.client.register_script(DROP)
        self.lock = threading.Lock()
        self.started = self.gone = False
        self.unsent = set()   # events whose last publish failed (Redis away): sent again at the next beat

    def counts_key(self, event_id):
        return hall.key("phones", event_id)

    def events_key(self, process):
        return hall.key("phones-of", process)

    def alive_key(self, process):
        return hall.key("alive", process)

    def publish(self, presence, event_id):
        """Publish this process's counts for an event; the hall's sum after it."""
        self.start()
        version, mine = presence.snapshot(event_id)
        try:
            held = self.publish_script(keys=[self.counts_key(event_id), self.events_key(self.me)],
                                       args=[self.me, version, json.dumps(mine), event_id])
        except redis.RedisError as error:
            log.warning("Could not publish the phones at event %s to the hall (%s); sent again at the next beat",
                        event_id, error)
            with self.lock:
                self.unsent.add(event_id)
            return mine
        return _summed(held)

    def counts(self, presence, event_id):
        """The hall's sum for an event (this process's own if Redis cannot be read)."""
        self.start()
        try:
            return _summed(self.client.hvals(self.counts_key(event_id)))
        except redis.RedisError as error:
            log.warning("Could not read the hall's phones at event %s (%s); showing this process's", event_id, error)
            return presence.of(event_id)

    def start(self):
        """On first use: beat once (so this process is listed before it publishes), then beat every BEAT seconds."""
        with self.lock:
            if self.started:
                return
            self.started = True
        try:
            self.beat()
        except redis.RedisError as error:
            log.warning("Could not join the hall's phone counts yet (%s); trying again every %s s", error, BEAT)
        socketio.start_background_task(self.run)
        atexit.register(self.leave)
        if socketio.async_mode == "gevent":
            self._leave_on_sigterm()

    def run(self):
        """The heartbeat loop: it outlives Redis going away for a while."""
        while not self.gone:
            socketio.sleep(BEAT)
            try:
                self.beat()
            except redis.RedisError as error:
                log.warning("The hall's heartbeat failed (%s); trying again in %s s", error, BEAT)
            except Exception:  # noqa: BLE001 - the loop must outlive any one beat
                log.exception("The hall's heartbeat failed")

    def beat(self):
        """Say this process is alive; publish again what Redis lost; drop processes that stopped beating."""
        presence = self.app.extensions["presence"]
        with self.client.pipeline(transaction=False) as pipe:
            pipe.set(self.alive_key(self.me), "1", px=int(TTL * 1000))
            pipe.sadd(hall.key("processes"), self.me)
            pipe.smembers(hall.key("processes"))
            _, listed_again, processes = pipe.execute()
        with self.lock:
            # Listed again: this process was taken for gone (stalled past TTL) or Redis restarted empty.
            again, self.unsent = self.unsent | (set(presence.events()) if listed_again else set()), set()
        for event_id in again:
            self.tell(event_id, self.publish(presence, event_id))
        others = sorted(processes - {self.me})
        if not others:
            return
        with self.client.pipeline(transaction=False) as pipe:
            for process in others:
                pipe.exists(self.alive_key(process))
            beating = pipe.execute()
        for process, alive in zip(others, beating):
            if not alive:
                self.drop(process)

    def drop(self, process, leaving=False):
        """Remove a process's counts (if no other process did first) and tell the screens of its events."""
        events = self.drop_script(keys=[hall.key("processes"), self.alive_key(process), self.events_key(process)],
                                  args=[process, hall.key("phones", ""), "1" if leaving else "0"])
        if events and not leaving:
            log.info("Process %s stopped beating: its phones at events %s are no longer counted", process, events)
        for event_id in events:
            self.tell(int(event_id), _summed(self.client.hvals(self.counts_key(event_id))))

    def tell(self, event_id, tables):
        """The screens of an event get the hall's counts."""
        if self.announce is not None:
            with self.app.app_context():
                self.announce(event_id, tables)

    def leave(self):
        """A clean stop: this process's phones stop being counted at once (once; quietly if Redis is gone)."""
        with self.lock:
            if self.gone or not self.started:
                return
            self.gone = True
        try:
            self.drop(self.me, leaving=True)
        except redis.RedisError as error:
            log.warning("Could not remove this process's phones from the hall (%s); they go in %s s", error, TTL)

    def _leave_on_sigterm(self):
        """SIGTERM (systemd, a test's stop) removes this process's counts first, then ends it as before."""
        import os
        import signal

        import gevent

        def stop():
            try:
                self.leave()
            finally:
                watcher.cancel()
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.kill(os.getpid(), signal.SIGTERM)

        watcher = gevent.signal_handler(signal.SIGTERM, stop)


def _summed(values):
    """Every process's counts for an event ("version|{table: phones}"), added up per table."""
    total = Counter()
    for value in values:
        try:
            total.update({int(table): int(n) for table, n in json.loads(value.partition("|")[2]).items()})
        except (ValueError, TypeError, AttributeError):
            log.warning("Ignored a malformed phone count in the hall: %r", value[:80])
    return {table: n for table, n in total.items() if n > 0}


def init_app(app, announce=None):
    """Give the app its own count; in a hall also its part of the hall's (announce(event_id, tables) tells the screens
    of counts that changed outside any handler: a process gone)."""
    app.extensions["presence"] = Presence()
    app.extensions["presence_hall"] = Hall(app, announce) if hall.url(app) else None


def _parts():
    return current_app.extensions["presence"], current_app.extensions["presence_hall"]


def joined(sid, event_id, table_number):
    """A phone joined a table: [(event, the hall's counts)] for each event whose counts changed."""
    presence, in_hall = _parts()
    changed = presence.joined(sid, event_id, table_number)
    if in_hall is None:
        return [(e, presence.of(e)) for e in changed]
    return [(e, in_hall.publish(presence, e)) for e in changed]


def left(sid):
    """A phone went away: [(its event, the hall's counts)], or [] if it had not joined a table."""
    presence, in_hall = _parts()
    event_id = presence.left(sid)
    if event_id is None:
        return []
    return [(event_id, presence.of(event_id) if in_hall is None else in_hall.publish(presence, event_id))]


def counts(event_id):
    """How many phones are connected at each table of an event, in the whole hall."""
    presence, in_hall = _parts()
    return presence.of(event_id) if in_hall is None else in_hall.counts(presence, event_id)
