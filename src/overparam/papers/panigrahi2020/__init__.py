"""(being restructured into stage modules)"""
