"""StoreCache: a value is made once per store, even when many requests ask for it at the same time."""

import threading
import time

import pyoxigraph as ox

from kg.store.lookup import StoreCache


def test_simultaneous_first_requests_make_the_value_once():
    cache, store, made = StoreCache(), ox.Store(), []

    def make():
        made.append(1)
        time.sleep(0.2)  # slow, like the search index of a big store
        return object()

    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(store, "index", make))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and len({id(v) for v in got}) == 1


def test_a_new_store_drops_every_value():
    cache = StoreCache()
    first, second = ox.Store(), ox.Store()
    assert cache.get(first, "k", lambda: 1) == 1
    assert cache.get(first, "k", lambda: 2) == 1
    assert cache.get(second, "k", lambda: 3) == 3
