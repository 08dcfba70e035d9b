// SPDX-License-Identifier: GPL-2.0
/* A file with DOS line endings. */
#include <linux/kernel.h>

void dummy_report(int err)
{
	if (err)
		printk(KERN_ERR "dummy: error %d\n", err);
}
