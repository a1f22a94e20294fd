/*
 * Identical lines of a file counted in one pass, without a Python object per line.
 *
 * A CSV file of a million ballots over a few thousand distinct rankings is mostly
 * repeats, so the reader merges identical lines before it parses them. Here every line
 * is found with memchr, hashed, and looked up in an open-addressing hash table (linear
 * probing, at most half full); the distinct lines are kept in order of first appearance
 * as (start, length, count), their bytes staying in the caller's buffer. A hit is an
 * exact comparison of the bytes, so the result never rests on the hash.
 *
 * Lines are separated by '\n'; a last line without one is a line, and the empty piece
 * after a final '\n' is not. No other byte is special ('\r' and NUL are the caller's).
 *
 * The hash: h = length * K, then for each 8-byte little-endian word w of the line (the
 * last one zero-padded) h = (h ^ w) * K, h ^= h >> 32; finally h ^= h >> 29, h *= K,
 * h ^= h >> 32. K = 0x9E3779B97F4A7C15 (odd, so each step is a bijection). It is not
 * keyed: lines can be crafted to share a hash. A probe budget bounds the work, so such
 * a file makes count_lines return None (the caller then counts with Python's keyed
 * hash) instead of taking quadratic time.
 *
 * State: none between calls; a call keeps its table on the heap and releases the GIL
 * while it scans.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

#define K UINT64_C(0x9E3779B97F4A7C15)
#define FIRST_SLOTS 1024
/* Slots inspected per line on average beyond which the table is given up (see above). */
#define PROBES_PER_LINE 8
#define PROBES_SLACK 4096
#define BATCH 32

/* A distinct line, in order of first appearance. */
typedef struct {
    Py_ssize_t start, length, count;
} line_t;

/* A slot of the table: where its line is, so that a lookup reads the slot and the bytes. */
typedef struct {
    uint64_t hash;
    Py_ssize_t start, length;
    size_t line; /* index into lines, plus one; 0: empty slot */
} slot_t;

/* A line found, hashed, and waiting in a batch for its lookup. */
typedef struct {
    Py_ssize_t start, length;
    uint64_t hash;
} found_t;

typedef struct {
    const unsigned char *data;
    line_t *lines;
    size_t count, capacity; /* distinct lines held, room for them */
    slot_t *slots;
    size_t mask; /* slots - 1, a power of two minus one */
    size_t probes, seen;
} table_t;

enum { FOUND_OK = 0, NO_MEMORY = 1, OVER_BUDGET = 2 };

/* The 8 bytes at p as a little-endian word (one load on common machines). */
static uint64_t le64(const unsigned char *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint64_t mix(uint64_t h, uint64_t word) {
    h = (h ^ word) * K;
    return h ^ (h >> 32);
}

/* The last rest (1..7) bytes of a line as a zero-padded word, read without a copy to
 * memory (bytes put together on the stack then read as one word stall the pipeline). */
static uint64_t tail_word(const unsigned char *p, Py_ssize_t rest, Py_ssize_t length) {
    if (length >= 8) {
        return le64(p + rest - 8) >> (8 * (8 - rest)); /* within the line */
    }
    uint64_t word = 0;
    for (Py_ssize_t i = 0; i < rest; i++) {
        word |= (uint64_t)p[i] << (8 * i);
    }
    return word;
}

static uint64_t hash_line(const unsigned char *p, Py_ssize_t length) {
    uint64_t h = (uint64_t)length * K;
    Py_ssize_t rest = length;
    for (; rest >= 8; p += 8, rest -= 8) {
        h = mix(h, le64(p));
    }
    if (rest > 0) {
        h = mix(h, tail_word(p, rest, length));
    }
    h ^= h >> 29;
    h *= K;
    return h ^ (h >> 32);
}

/* Double the slots and put every occupied one back (by its kept hash). */
static int grow(table_t *t) {
    size_t size = 2 * (t->mask + 1);
    slot_t *slots = PyMem_RawCalloc(size, sizeof(slot_t));
    if (slots == NULL) {
        return NO_MEMORY;
    }
    for (size_t i = 0; i <= t->mask; i++) {
        if (t->slots[i].line) {
            size_t at = (size_t)t->slots[i].hash & (size - 1);
            while (slots[at].line) {
                at = (at + 1) & (size - 1);
            }
            slots[at] = t->slots[i];
        }
    }
    PyMem_RawFree(t->slots);
    t->slots = slots;
    t->mask = size - 1;
    return FOUND_OK;
}

/* A new distinct line, put in the empty slot at. */
static int insert(table_t *t, const found_t *f, size_t at) {
    if (t->count == t->capacity) {
        size_t capacity = 2 * t->capacity;
        line_t *lines = PyMem_RawRealloc(t->lines, capacity * sizeof(line_t));
        if (lines == NULL) {
            return NO_MEMORY;
        }
        t->lines = lines;
        t->capacity = capacity;
    }
    t->lines[t->count] = (line_t){f->start, f->length, 1};
    t->count++;
    t->slots[at] = (slot_t){f->hash, f->start, f->length, t->count};
    return 2 * t->count > t->mask + 1 ? grow(t) : FOUND_OK;
}

/* Count one line: one more of a known line, or a new one. */
static int add(table_t *t, const found_t *f) {
    const unsigned char *p = t->data + f->start;
    size_t at = (size_t)f->hash & t->mask;
    t->seen++;
    for (;;) {
        const slot_t *slot = &t->slots[at];
        if (!slot->line) {
            return insert(t, f, at);
        }
        if (slot->hash == f->hash && slot->length == f->length &&
            memcmp(t->data + slot->start, p, (size_t)f->length) == 0) {
            t->lines[slot->line - 1].count++;
            return FOUND_OK;
        }
        if (++t->probes > PROBES_PER_LINE * t->seen + PROBES_SLACK) {
            return OVER_BUDGET;
        }
        at = (at + 1) & t->mask;
    }
}

/*
 * Lines are taken in batches: all of a batch are found and hashed, their slots fetched
 * into the cache, then the bytes of the lines those slots hold, and only then are they
 * looked up. The table and the first lines are too large for the nearest cache, and
 * without this every lookup would wait for two reads from memory in turn.
 */
static int scan(table_t *t, Py_ssize_t size) {
    found_t batch[BATCH];
    const unsigned char *p = t->data, *end = t->data + size;
    while (p < end) {
        int n = 0;
        for (; n < BATCH && p < end; n++) {
            const unsigned char *newline = memchr(p, '\n', (size_t)(end - p));
            const unsigned char *stop = newline ? newline : end;
            batch[n] = (found_t){p - t->data, stop - p, hash_line(p, stop - p)};
            __builtin_prefetch(&t->slots[(size_t)batch[n].hash & t->mask]);
            p = newline ? newline + 1 : end;
        }
        for (int i = 0; i < n; i++) {
            const slot_t *slot = &t->slots[(size_t)batch[i].hash & t->mask];
            if (slot->line && slot->hash == batch[i].hash) {
                __builtin_prefetch(t->data + slot->start);
            }
        }
        for (int i = 0; i < n; i++) {
            int status = add(t, &batch[i]);
            if (status != FOUND_OK) {
                return status;
            }
        }
    }
    return FOUND_OK;
}

/* [(start, end, count), ...] of the distinct lines, in order of first appearance. */
static PyObject *as_list(const table_t *t) {
    PyObject *out = PyList_New((Py_ssize_t)t->count);
    for (size_t i = 0; out != NULL && i < t->count; i++) {
        const line_t *line = &t->lines[i];
        PyObject *item = Py_BuildValue("(nnn)", line->start, line->start + line->length,
                                       line->count);
        if (item == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, item);
    }
    return out;
}

PyDoc_STRVAR(count_lines_doc,
             "count_lines(data, /)\n--\n\n"
             "(start, end, count) of each distinct line of data, in order of first appearance "
             "(data[start:end] is the line, without its newline); None when lines crafted to "
             "share a hash exhaust the probe budget.");

static PyObject *count_lines(PyObject *module, PyObject *arg) {
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    table_t t = {.data = view.buf, .capacity = 256, .mask = FIRST_SLOTS - 1};
    t.lines = PyMem_RawMalloc(t.capacity * sizeof(line_t));
    t.slots = PyMem_RawCalloc(FIRST_SLOTS, sizeof(slot_t));
    int status = NO_MEMORY;
    if (t.lines != NULL && t.slots != NULL) {
        Py_BEGIN_ALLOW_THREADS
        status = scan(&t, view.len);
        Py_END_ALLOW_THREADS
    }
    PyObject *out = NULL;
    if (status == FOUND_OK) {
        out = as_list(&t);
    } else if (status == OVER_BUDGET) {
        out = Py_NewRef(Py_None);
    } else {
        PyErr_NoMemory();
    }
    PyMem_RawFree(t.lines);
    PyMem_RawFree(t.slots);
    PyBuffer_Release(&view);
    return out;
}

static PyMethodDef lines_methods[] = {
    {"count_lines", count_lines, METH_O, count_lines_doc},
    {NULL, NULL, 0, NULL},
};

static int lines_exec(PyObject *module) {
    PyObject *all = Py_BuildValue("(s)", "count_lines");
    if (all == NULL || PyModule_AddObject(module, "__all__", all) < 0) {
        Py_XDECREF(all);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot lines_slots[] = {
    {Py_mod_exec, lines_exec},
    {0, NULL},
};

static struct PyModuleDef lines_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "suffrage.rules.io._lines",
    .m_doc = "Identical lines of a buffer counted in one pass (exact comparison).",
    .m_size = 0,
    .m_methods = lines_methods,
    .m_slots = lines_slots,
};

PyMODINIT_FUNC PyInit__lines(void) { return PyModuleDef_Init(&lines_module); }
