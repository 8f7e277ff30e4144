#!/usr/bin/env python3
"""schema.py: the JSON Schema cjm-validate --schema writes (2020-12) is a
valid schema; it accepts every map cjm-validate accepts (the examples and
the golden tests' maps) and rejects the bad ones whose every error is of a
kind a schema can express (unknown or missing keys, types, words, ranges,
empty values, slugs, the version). The YAML is read as YAML 1.2's core
schema reads it, as cjm does (yes/no/on/off are strings)."""
import glob, json, os, re, subprocess, sys
import yaml
from jsonschema import Draft202012Validator

BIN, TOP = sys.argv[1], sys.argv[2]
EXPRESSIBLE = {"unknown-key", "missing-key", "wrong-type", "bad-value",
    "out-of-range", "empty-value", "bad-id", "bad-version"}

class Core12(yaml.SafeLoader):
	pass

# YAML 1.2 core: only true/false are booleans, 0o and 0x integers, no
# sexagesimals or 1_000.
Core12.yaml_implicit_resolvers = {
	k: [(t, r) for t, r in v if t not in ("tag:yaml.org,2002:bool",
	    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
	for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Core12.add_implicit_resolver("tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Core12.add_implicit_resolver("tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
Core12.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), list("-+.0123456789"))

def construct_int(loader, node):
	v = loader.construct_scalar(node)
	if v.startswith("0o"):
		return int(v[2:], 8)
	return int(v, 16) if v.startswith("0x") else int(v, 10)
Core12.add_constructor("tag:yaml.org,2002:int", construct_int)

def documents(path):
	text = open(path, encoding="utf-8-sig").read()
	if text.lstrip()[:1] in ("{", "["):
		dec, i, docs = json.JSONDecoder(), 0, []
		while True:
			while i < len(text) and text[i].isspace():
				i += 1
			if i >= len(text):
				return docs
			v, i = dec.raw_decode(text, i)
			docs.append(v)
	return list(yaml.load_all(text, Loader=Core12))

def text_keys(v):
	"""Keys as cjm reads them: text ({400: null} is {"400": null})."""
	if isinstance(v, dict):
		return {str(k): text_keys(x) for k, x in v.items()}
	if isinstance(v, list):
		return [text_keys(x) for x in v]
	return v

def verdicts(path):
	"""cjm-validate's error codes a document (1-based)."""
	r = subprocess.run([os.path.join(BIN, "cjm-validate"), "-n", "--format",
	    "json", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
	codes = {}
	for line in r.stderr.decode("utf-8", "replace").splitlines():
		try:
			d = json.loads(line)
		except ValueError:
			continue
		# A word read as the format's (NPS, высокая, app): the map is
		# valid, while the schema knows the canonical words only.
		if d.get("code") == "word-read-as":
			codes.setdefault(d.get("document") or 1, set()).add(
			    "word-read-as")
		if d.get("level") not in ("error", "fatal"):
			continue
		code = d["code"]
		# JSON Schema's data model has no 1200.0 apart from 1200.
		if "without a fraction" in (d.get("hint") or ""):
			code += " (a fraction)"
		codes.setdefault(d.get("document") or 1, set()).add(code)
	return r.returncode, codes

def main():
	schema = json.loads(subprocess.run([os.path.join(BIN, "cjm-validate"),
	    "--schema"], stdout=subprocess.PIPE, check=True).stdout)
	Draft202012Validator.check_schema(schema)
	val = Draft202012Validator(schema)
	files = sorted(glob.glob(os.path.join(TOP, "examples", "*.yaml")) +
	    glob.glob(os.path.join(TOP, "examples", "*.json")) +
	    glob.glob(os.path.join(TOP, "examples", "broken", "*.yaml")) +
	    glob.glob(os.path.join(TOP, "tests", "golden", "*", "*", "stdin")) +
	    glob.glob(os.path.join(TOP, "tests", "golden", "*", "*", "*.yaml")) +
	    glob.glob(os.path.join(TOP, "tests", "golden", "*", "*", "*.json")))
	ok = bad = rejected = accepted = skipped = 0
	for f in files:
		try:
			docs = documents(f)
		except Exception:
			skipped += 1	# not YAML/JSON as Python reads it: the
			continue	# reader's tests cover those
		status, codes = verdicts(f)
		if status > 1:
			skipped += 1
			continue
		name = os.path.relpath(f, TOP)
		for i, doc in enumerate(docs, 1):
			if not isinstance(doc, dict) or "cjm" not in doc:
				skipped += 1	# not a map (answers, results)
				continue
			c = codes.get(i, set())
			if "word-read-as" in c:
				skipped += 1	# lenient words: not for a schema
				continue
			errs = sorted(e.message for e in val.iter_errors(
			    text_keys(doc)))
			if not c:
				if errs:
					bad += 1
					print("FAIL %s doc %d: valid, but the schema says: %s"
					    % (name, i, errs[0][:300]))
				else:
					ok += 1
					accepted += 1
			elif c <= EXPRESSIBLE:
				if errs:
					ok += 1
					rejected += 1
				else:
					bad += 1
					print("FAIL %s doc %d: cjm-validate says %s; the "
					    "schema accepts it" % (name, i, sorted(c)))
			else:
				skipped += 1
	print("schema: %d passed (%d maps accepted, %d bad ones rejected), "
	    "%d failed, %d inputs not maps or not for a schema" % (ok, accepted,
	    rejected, bad, skipped))
	return 1 if bad else 0

sys.exit(main())
