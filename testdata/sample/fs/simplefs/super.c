// SPDX-License-Identifier: GPL-2.0
/* The last line of this file has no newline. */
#include <linux/fs.h>

int simplefs_fill_super(struct super_block *sb)
{
	if (!sb) {
		printk(KERN_ERR "simplefs: no super block\n");
		return -EINVAL;
	}
	return 0;
}