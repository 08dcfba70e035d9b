/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WIDGET_H
#define _WIDGET_H

struct widget {
	size_t count;
	int *buf;
	int old;
};

int widget_reset(struct widget *w);

#endif /* _WIDGET_H */
