"""Tests of newsarchive."""
