#!/usr/bin/env python3
"""ci.py: run the steps of examples/ci/cjm.yml as GitHub Actions would, in
a repository of maps (the examples that pass --strict, as maps/*.cjm.yaml)
with cjm's source beside it (this tree, already built), and the hook of
.pre-commit-hooks.yaml on those maps and on a broken one. `uses:` steps are
the runner's (checkout, uploads); what they would upload must exist."""
import os, re, shutil, subprocess, sys, tempfile
import yaml

BIN, TOP = sys.argv[1], sys.argv[2]
MAPS = ["clothing-store.yaml", "restaurant.yaml", "salon-ru.yaml",
    "retailer-ru.yaml", "insurance-claim-management.yaml",
    "food-delivery-ru.json"]
npass = nfail = 0

def check(name, cond, detail=""):
	global npass, nfail
	if cond:
		npass += 1
	else:
		nfail += 1
		print("FAIL %s %s" % (name, detail))

def sandbox():
	d = tempfile.mkdtemp(prefix="cjm-ci-")
	ws, home = os.path.join(d, "work"), os.path.join(d, "home")
	os.makedirs(os.path.join(ws, "maps"))
	os.makedirs(os.path.join(home, "bin"))
	for m in MAPS:
		if os.path.exists(os.path.join(TOP, "examples", m)):
			base, ext = os.path.splitext(m)
			shutil.copy(os.path.join(TOP, "examples", m),
			    os.path.join(ws, "maps", base + ".cjm" + ext))
	os.symlink(TOP, os.path.join(ws, "cjm"))
	# The runner's sudo: the commands as they are (deps.sh installs
	# nothing when nothing is missing).
	with open(os.path.join(home, "bin", "sudo"), "w") as f:
		f.write('#!/bin/sh\nexec "$@"\n')
	os.chmod(os.path.join(home, "bin", "sudo"), 0o755)
	return d, ws, home

def workflow():
	wf = yaml.safe_load(open(os.path.join(TOP, "examples/ci/cjm.yml")))
	d, ws, home = sandbox()
	gpath = os.path.join(d, "github_path")
	open(gpath, "w").close()
	env = dict(os.environ, HOME=home, GITHUB_PATH=gpath,
	    GITHUB_WORKSPACE=ws, PATH=os.path.join(home, "bin") + ":/usr/bin:/bin")
	env.pop("MAKEFLAGS", None)
	env.pop("MFLAGS", None)
	try:
		for job in wf["jobs"].values():
			for step in job["steps"]:
				if "run" not in step:
					continue
				r = subprocess.run(["bash", "-e", "-c", step["run"]],
				    cwd=ws, env=env, stdout=subprocess.PIPE,
				    stderr=subprocess.STDOUT)
				out = r.stdout.decode("utf-8", "replace")
				check("workflow step '%s'" % step.get("name"),
				    r.returncode == 0, "exit %d:\n%s" % (r.returncode,
				    out[-1500:]))
				extra = [l for l in open(gpath).read().split("\n") if l]
				env["PATH"] = ":".join(extra[::-1] + [env["PATH"]])
		inst = os.path.join(home, ".local")
		for f in ("bin/cjm-validate", "share/cjm/cjm.schema.json",
		    "share/man/man7/cjm.7", "share/bash-completion/completions/cjm-render",
		    "share/zsh/vendor-completions/_cjm",
		    "share/fish/vendor_completions.d/cjm-render.fish"):
			check("installed " + f, os.path.exists(os.path.join(inst, f)))
		# make uninstall takes back all make install put there.
		subprocess.run(["make", "-s", "-C", TOP, "DEPS=", "uninstall",
		    "PREFIX=" + inst], env=env, stdout=subprocess.DEVNULL)
		left = [os.path.join(r, f) for r, _, fs in os.walk(inst) for f in fs]
		check("make uninstall leaves nothing", not left, " ".join(left[:5]))
		sarif = os.path.join(ws, "cjm.sarif")
		check("cjm.sarif for upload-sarif", os.path.exists(sarif) and
		    '"version": "2.1.0"' in open(sarif).read())
		out = os.path.join(ws, "out")
		check("the deck for upload-artifact", os.path.exists(os.path.join(
		    out, "deck.pdf")) and open(os.path.join(out, "deck.pdf"),
		    "rb").read(5) == b"%PDF-")
		check("the funnel tables", os.path.exists(os.path.join(out,
		    "funnels.txt")) and "converted" in open(os.path.join(out,
		    "funnels.txt")).read())
	finally:
		shutil.rmtree(d)

def hook():
	hooks = yaml.safe_load(open(os.path.join(TOP, ".pre-commit-hooks.yaml")))
	h = [x for x in hooks if x["id"] == "cjm-validate"][0]
	files = re.compile(h["files"])
	env = dict(os.environ, PATH=BIN + ":" + os.environ["PATH"])
	d, ws, home = sandbox()
	try:
		maps = sorted(os.path.join("maps", f) for f in os.listdir(
		    os.path.join(ws, "maps")) if files.search(f))
		check("hook: its files pattern takes the maps", len(maps) > 0)
		r = subprocess.run(h["entry"].split() + maps, cwd=ws, env=env,
		    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
		check("hook: good maps pass", r.returncode == 0)
		shutil.copy(os.path.join(TOP, "examples/broken/checkout.cjm.yaml"), ws)
		r = subprocess.run(h["entry"].split() + ["checkout.cjm.yaml"],
		    cwd=ws, env=env, stderr=subprocess.DEVNULL)
		check("hook: a broken map fails", r.returncode == 1)
		check("hook: not other YAML", not files.search(".pre-commit-config.yaml"))
	finally:
		shutil.rmtree(d)

workflow()
hook()
print("ci: %d passed, %d failed" % (npass, nfail))
sys.exit(1 if nfail else 0)
