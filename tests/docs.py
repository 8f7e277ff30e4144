#!/usr/bin/env python3
"""docs.py: run every command the README and the man pages' EXAMPLES show,
and compare the output they show (issue 8: docs that cannot drift).

A command is a line starting with "$ " in a README code block or a man page
literal block (.Bd -literal, .Dl); the lines under it, up to the next "$ "
or the block's end, are its output: stdout and stderr as the terminal
shows them. A line "..." or "…" alone stands for lines left out (the text
trims there). A man page literal block without "$ " holds commands, one a
line, whose output is not shown. A command shown without output must exit
0 or 1; one shown with output must print it, whatever it exits with.
A line ending in "|", "\\" or "&&", or inside a '...' string, goes on on
the next line.

Markers, a comment just before a block: README "<!-- docs: not run -->",
man ".\\\" docs: not run" (needs root, the network, or is not a command),
"docs: tty" (runs on a pseudo-terminal, through script(1)), and
"docs: file NAME" (the block is not run but written to the sandbox as
NAME, for the commands after it). In the
README, an indented block starting with "cjm-" without "$ " is an error: a
command that would not be run.

Commands run with the tools first on PATH in a sandbox holding examples/
and the names the manuals use (see SANDBOX), one sandbox a document.
"""
import os, re, shutil, subprocess, sys, tempfile

BIN, TOP = sys.argv[1], sys.argv[2]
FILTER = sys.argv[3:]
EX = os.path.join(TOP, "examples")

def sandbox():
	d = tempfile.mkdtemp(prefix="cjm-docs-")
	shutil.copytree(EX, os.path.join(d, "examples"))
	cp = lambda src, dst: shutil.copy(os.path.join(EX, src), os.path.join(d, dst))
	cp("clothing-store.yaml", "map.cjm.yaml")
	cp("clothing-store.yaml", "shop.cjm.yaml")
	cp("broken/checkout.cjm.yaml", "checkout.cjm.yaml")
	cp("events.csv", "events.csv")
	for n in ("survey.csv", "sales.csv", "support.csv", "marketing.csv"):
		cp("maturity/survey.csv", n)
	os.mkdir(os.path.join(d, "maps"))
	for f in sorted(os.listdir(EX)):
		base, ext = os.path.splitext(f)
		if ext in (".yaml", ".json"):
			shutil.copy(os.path.join(EX, f), os.path.join(d, "maps", base + ".cjm" + ext))
	return d

def unescape_man(s):
	s = re.sub(r"\\\[u([0-9A-Fa-f]{4,5})\]", lambda m: chr(int(m.group(1), 16)), s)
	for a, b in (("\\(->", "→"), ("\\(<-", "←"), ("\\(em", "—"),
	    ("\\(en", "–"), ("\\(aq", "'"), ("\\(dq", '"'), ("\\(lq", "“"),
	    ("\\(rq", "”"), ("\\&", ""), ("\\-", "-"), ("\\e", "\\")):
		s = s.replace(a, b)
	return s

# A block: (where, marker, lines).
def readme_blocks(path):
	lines = open(path, encoding="utf-8").read().split("\n")
	blocks, i, marker = [], 0, None
	while i < len(lines):
		l = lines[i]
		m = re.match(r"<!-- docs: (.*) -->", l)
		if m:
			marker = m.group(1).strip()
		elif l.startswith("```"):
			lang, j = l[3:].strip(), i + 1
			while j < len(lines) and not lines[j].startswith("```"):
				j += 1
			if lang in ("sh", "console", "shell"):
				blocks.append((i + 2, marker, lines[i + 1:j]))
			marker, i = None, j
		elif l.startswith("    ") and (i == 0 or lines[i - 1].strip() == "" or lines[i - 1].startswith("<!--")):
			j = i
			while j < len(lines) and (lines[j].startswith("    ") or (lines[j] == "" and j + 1 < len(lines) and lines[j + 1].startswith("    "))):
				j += 1
			blocks.append((i + 1, marker, [x[4:] for x in lines[i:j]]))
			marker, i = None, j - 1
		elif l.strip():
			marker = None
		i += 1
	return blocks

def man_blocks(path):
	src = open(path, encoding="utf-8").read().split("\n")
	blocks, inex, marker, i = [], False, None, 0
	while i < len(src):
		l = src[i]
		if l.startswith(".Sh "):
			inex = l.strip() == ".Sh EXAMPLES"
		elif inex and l.startswith('.\\" docs: '):
			marker = l[len('.\\" docs: '):].strip()
		elif inex and l.startswith(".Dl "):
			blocks.append((i + 1, marker, [unescape_man(l[4:])]))
			marker = None
		elif inex and l.startswith(".Bd -literal"):
			j = i + 1
			while not src[j].startswith(".Ed"):
				j += 1
			blocks.append((i + 1, marker, [unescape_man(x) for x in src[i + 1:j]]))
			marker, i = None, j
		i += 1
	return blocks

def open_quote(cmd):
	"""Does cmd end inside a '...' string (a command going on)?"""
	q = None
	for ch in cmd:
		if q is None and ch in "'\"":
			q = ch
		elif ch == q:
			q = None
	return q == "'"

# Commands of a block: [(command, expected lines or None)].
def commands(lines, prompt):
	out, i = [], 0
	while i < len(lines):
		l = lines[i]
		if prompt and not l.startswith("$ "):
			i += 1
			continue
		cmd = l[2:] if prompt else l
		while (re.search(r"(\||\\|&&)\s*$", cmd) or open_quote(cmd)) and \
		    i + 1 < len(lines):
			i += 1
			cmd += "\n" + lines[i]
		i += 1
		exp = None
		if prompt:
			exp = []
			while i < len(lines) and not lines[i].startswith("$ "):
				exp.append(lines[i])
				i += 1
			while exp and exp[-1] == "":
				exp.pop()
		# A comment alone is text, not a command (and { # } is no shell).
		if cmd.strip() and not re.match(r"^\s*#[^\n]*$", cmd):
			out.append((cmd, exp))
	return out

def matches(exp, got):
	"""exp against got, a "..." line matching any run of lines."""
	if not exp:
		return not got
	if exp[0].strip() in ("...", "…"):
		return any(matches(exp[1:], got[k:]) for k in range(len(got) + 1))
	return bool(got) and exp[0] == got[0] and matches(exp[1:], got[1:])

def run_block(cwd, marker, cmds, env):
	"""Run a block's commands in one shell; their outputs and statuses."""
	script = ["__st=0"]
	for n, (cmd, _) in enumerate(cmds):
		if marker == "tty":
			q = cmd.replace("'", "'\\''")
			cmd = "script -qec '%s' /dev/null" % q
		script.append("(exit $__st)\n{\n%s\n} 2>&1 </dev/null; __st=$?; printf '\\n@@cjm-docs %d %%d@@\\n' $__st" % (cmd, n))
	r = subprocess.run(["sh", "-c", "\n".join(script)], cwd=cwd, env=env,
	    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
	text = r.stdout.decode("utf-8", "replace").replace("\r", "")
	res, pos = [], 0
	for m in re.finditer(r"\n@@cjm-docs (\d+) (\d+)@@\n", text):
		res.append((text[pos:m.start()], int(m.group(2))))
		pos = m.end()
	return res

def check_doc(name, blocks, prompt_only):
	env = dict(os.environ, PATH=BIN + ":" + os.environ["PATH"], LC_ALL="C.UTF-8")
	env.pop("SOURCE_DATE_EPOCH", None)
	d = sandbox()
	npass = nfail = 0
	try:
		for line, marker, lines in blocks:
			prompt = any(l.startswith("$ ") for l in lines)
			if marker == "not run":
				continue
			if marker and marker.startswith("file "):
				with open(os.path.join(d, marker[5:]), "w", encoding="utf-8") as fp:
					fp.write("\n".join(lines) + "\n")
				continue
			if not prompt and prompt_only:
				if lines and lines[0].startswith("cjm-"):
					print("FAIL %s:%d: a command without '$ ': mark it or run it" % (name, line))
					nfail += 1
				continue
			cmds = commands(lines, prompt)
			if not cmds:
				continue
			res = run_block(d, marker, cmds, env)
			for k, (cmd, exp) in enumerate(cmds):
				out, st = res[k] if k < len(res) else ("(not run)", 127)
				got = out.split("\n")
				if got and got[-1] == "":
					got.pop()
				ok = matches(exp, got) if exp else st in (0, 1)
				if ok:
					npass += 1
					continue
				nfail += 1
				print("FAIL %s:%d: %s (exit %d)" % (name, line, cmd.split("\n")[0], st))
				if exp:
					for e in exp[:12]:
						print("    want: " + e)
				for g in got[:12]:
					print("    got:  " + g)
	finally:
		shutil.rmtree(d)
	return npass, nfail

def main():
	docs = [("README.md", readme_blocks(os.path.join(TOP, "README.md")), True)]
	mandir = os.path.join(TOP, "man")
	for f in sorted(os.listdir(mandir)):
		docs.append(("man/" + f, man_blocks(os.path.join(mandir, f)), False))
	tp = tf = 0
	for name, blocks, po in docs:
		if FILTER and not any(x in name for x in FILTER):
			continue
		p, f = check_doc(name, blocks, po)
		tp, tf = tp + p, tf + f
	print("docs: %d passed, %d failed" % (tp, tf))
	return 1 if tf else 0

sys.exit(main())
