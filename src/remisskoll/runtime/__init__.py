"""Runtime: where and how files are processed — worker processes with limits, the cache, the codec.

It knows no stage: workers.run() runs any importable job on items in child processes (child.py,
protocol.py) under time and memory limits (limits.py); cache.py stores JSON entries under keys the
pipeline builds; codec.py turns records into JSON and back, checking every shape.
"""
