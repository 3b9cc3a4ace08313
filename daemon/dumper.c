/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* The dumper: one thread that writes zone files and timers in the background.
 */
/*
 * A FIFO of zones under one mutex, held for a few instructions and never
 * across I/O (lock order: taken alone; persist_write_pending() takes the
 * persist mutex while this one is not held). `busy` says a write is under
 * way, so that dumper_drain() can wait for the queue to be empty and the
 * thread idle.
 */
#include "dumper.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

#include "log.h"
#include "persist.h"

#define DUMPER_NICE 19 /*!< the writer's nice value */

typedef struct dnode {
	struct dnode *next;
	zslot_t *slot; /*!< a reference */
} dnode_t;

struct dumper {
	pthread_t thread;
	pthread_mutex_t lock; /*!< protects everything below */
	pthread_cond_t cond;  /*!< work queued, or stopping */
	pthread_cond_t idle;  /*!< the queue ran empty */
	dnode_t *head;        /*!< FIFO */
	dnode_t **tail;       /*!< its end */
	bool busy;            /*!< a write is under way */
	bool stopping;        /*!< leave once the queue is empty */
	size_t written;       /*!< zones written (debug log) */
	long delay_ms;        /*!< test hook: wait before each write */
};

/*
 * Test hook: DITTO_TEST_DUMPER_DELAY_MS=<n> (0 to 60000) makes the writer
 * wait n ms before each write, so that a system test can kill -9 dittod
 * while a zone file is owed (tests/system/xfrin, step kill9). Nothing
 * else reads it.
 */
static long
test_delay(void)
{
	const char *v = getenv("DITTO_TEST_DUMPER_DELAY_MS");
	char *end = NULL;
	long ms = v != NULL ? strtol(v, &end, 10) : 0;
	if (v == NULL || end == v || *end != '\0' || ms < 0 || ms > 60000) {
		return 0;
	}
	return ms;
}

/* Writing is background work: creating thousands of files can keep a
 * core busy in the kernel (ext4 inode allocation), which must not starve
 * the query workers. Nice this thread only (Linux: a thread id). */
static void
lower_priority(void)
{
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), DUMPER_NICE) != 0) {
		log_debug(1, LOG_CAT_ZONE, "zone file writer: setpriority: %s",
		          strerror(errno));
	}
}

static void *
dumper_main(void *arg)
{
	dumper_t *d = arg;
	lower_priority();
	pthread_mutex_lock(&d->lock);
	for (;;) {
		while (d->head == NULL && !d->stopping) {
			pthread_cond_wait(&d->cond, &d->lock);
		}
		dnode_t *n = d->head;
		if (n == NULL) {
			break; /* stopping, and nothing left */
		}
		d->head = n->next;
		if (d->head == NULL) {
			d->tail = &d->head;
		}
		d->busy = true;
		pthread_mutex_unlock(&d->lock);
		if (d->delay_ms > 0) {
			struct timespec ts = { .tv_sec = d->delay_ms / 1000,
				               .tv_nsec = (d->delay_ms % 1000) *
				                          1000000 };
			(void)nanosleep(&ts, NULL);
		}
		persist_write_pending(n->slot->persist);
		zslot_detach(&n->slot);
		ditto_free(n);
		pthread_mutex_lock(&d->lock);
		d->busy = false;
		d->written++;
		if (d->head == NULL) {
			pthread_cond_broadcast(&d->idle);
		}
	}
	pthread_cond_broadcast(&d->idle);
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

ditto_result_t
dumper_create(dumper_t **dp)
{
	dumper_t *d = ditto_calloc(1, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	pthread_cond_init(&d->idle, NULL);
	d->tail = &d->head;
	d->delay_ms = test_delay();
	int rc = pthread_create(&d->thread, NULL, dumper_main, d);
	if (rc != 0) {
		log_write(LOG_CAT_GENERAL, LOG_LVL_CRITICAL,
		          "cannot start the zone file writer: %s",
		          strerror(rc));
		pthread_cond_destroy(&d->idle);
		pthread_cond_destroy(&d->cond);
		pthread_mutex_destroy(&d->lock);
		ditto_free(d);
		return DITTO_R_FAILURE;
	}
	*dp = d;
	return DITTO_R_SUCCESS;
}

void
dumper_queue(dumper_t *d, zslot_t *slot)
{
	dnode_t *n = ditto_calloc(1, sizeof(*n));
	zslot_attach(slot, &n->slot);
	pthread_mutex_lock(&d->lock);
	*d->tail = n;
	d->tail = &n->next;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

void
dumper_drain(dumper_t *d)
{
	pthread_mutex_lock(&d->lock);
	/* bounded: the queue only shrinks once nobody queues any more */
	while (d->head != NULL || d->busy) {
		pthread_cond_wait(&d->idle, &d->lock);
	}
	pthread_mutex_unlock(&d->lock);
}

void
dumper_destroy(dumper_t **dp)
{
	if (dp == NULL || *dp == NULL) {
		return;
	}
	dumper_t *d = *dp;
	*dp = NULL;
	pthread_mutex_lock(&d->lock);
	d->stopping = true;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL); /* it empties the queue first */
	log_debug(1, LOG_CAT_ZONE, "zone file writer: %zu writes", d->written);
	pthread_cond_destroy(&d->idle);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	ditto_free(d);
}
