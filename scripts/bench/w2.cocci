// W2 of scripts/bench-exec.sh: printk(KERN_ERR "..." ...) -> pr_err("..." ...).
// SmPL cannot split the KERN_ERR "..." string concatenation, so a python
// rule strips the prefix from the matched constant.
@r@
expression list args;
constant char[] c;
position p;
@@
(
printk@p(c, args)
|
printk@p(c)
)

@script:python s@
c << r.c;
nc;
@@
if not c.startswith("KERN_ERR "):
    cocci.include_match(False)
else:
    coccinelle.nc = c[len("KERN_ERR "):]

@@
position r.p;
constant char[] r.c;
identifier s.nc;
expression list r.args;
@@
(
- printk@p(c, args)
+ pr_err(nc, args)
|
- printk@p(c)
+ pr_err(nc)
)
