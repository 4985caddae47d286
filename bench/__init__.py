"""Benchmarks: transport latency and throughput against a bare Bolt app, and the NLU router's speed."""
