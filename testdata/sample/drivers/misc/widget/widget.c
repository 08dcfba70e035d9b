// SPDX-License-Identifier: GPL-2.0
/*
 * Sample widget driver for go-edit's tests.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "widget.h"

static int widget_probe(struct widget *w)
{
	int ret;

	w->buf = kmalloc(w->count * sizeof(*w->buf), GFP_KERNEL);
	if (!w->buf) {
		printk(KERN_ERR "widget: cannot allocate %zu entries\n",
		       w->count);
		return -ENOMEM;
	}

	ret = widget_reset(w);
	if (ret) {
		printk(KERN_ERR "widget: reset failed: %d\n", ret);
		kfree(w->buf);
		return ret;
	}
	printk(KERN_INFO "widget: ready\n");
	return 0;
}

static void widget_remove(struct widget *w)
{
	printk(KERN_DEBUG "widget: removing\n");
	kfree(w->buf);
}
