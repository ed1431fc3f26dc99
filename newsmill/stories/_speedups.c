/* The stories learn's two innermost loops in C, each giving exactly what its Python reference gives:
 *
 * - `top_stories`, the candidate stories of one index lookup (index.py `top_stories_py`): each story's weights
 *   added in key order (the same doubles in the same order, so the same sums), the stories ranked by
 *   (sum, story) from the highest. At 100k articles a lookup reads about 350 filings; in Python each costs a
 *   dict update of boxed numbers, here a probe of a small open-addressing table.
 * - `frozen_dot` and `dict_dot`, sparse dot products (centroid.py `frozen_dot_py`, `dict_dot_py`), summed
 *   exactly like math.fsum: the correctly rounded sum of the products, which is one value whatever the order
 *   and the method, so these agree with fsum to the last bit.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t story;   /* -1: empty slot */
    double sum;
} Slot;

typedef struct {
    double sum;
    int32_t story;
} Ranked;

/* (a_sum, a_story) > (b_sum, b_story), as Python compares the tuples */
static int higher(double a_sum, int32_t a_story, double b_sum, int32_t b_story) {
    return a_sum > b_sum || (a_sum == b_sum && a_story > b_story);
}

static PyObject *top_stories(PyObject *self, PyObject *args) {
    PyObject *postings, *weights;
    Py_ssize_t window, k;
    if (!PyArg_ParseTuple(args, "O!O!nn", &PyList_Type, &postings, &PyList_Type, &weights, &window, &k))
        return NULL;
    Py_ssize_t n_keys = PyList_GET_SIZE(postings);
    if (PyList_GET_SIZE(weights) != n_keys) {
        PyErr_SetString(PyExc_ValueError, "top_stories: one weight per posting");
        return NULL;
    }
    if (window < 0 || k < 0) {
        PyErr_SetString(PyExc_ValueError, "top_stories: window and k must not be negative");
        return NULL;
    }
    Py_buffer *views = PyMem_Calloc(n_keys ? n_keys : 1, sizeof(Py_buffer));
    if (views == NULL)
        return PyErr_NoMemory();
    Py_ssize_t opened = 0, total = 0;
    PyObject *result = NULL;
    Slot *table = NULL;
    Ranked *best = NULL;
    for (; opened < n_keys; opened++) {
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, opened), &views[opened], PyBUF_FORMAT) < 0)
            goto done;
        Py_buffer *view = &views[opened];
        if (view->itemsize != 4 || view->format == NULL || strcmp(view->format, "i") != 0) {
            opened++;
            PyErr_SetString(PyExc_TypeError, "top_stories: postings must be array('i')");
            goto done;
        }
        Py_ssize_t length = view->len / 4;
        total += length < window ? length : window;
    }
    size_t capacity = 16;
    while (capacity < (size_t)(2 * total))
        capacity <<= 1;
    table = PyMem_Malloc(capacity * sizeof(Slot));
    int32_t *used = PyMem_Malloc((total ? total : 1) * sizeof(int32_t));
    if (table == NULL || used == NULL) {
        PyMem_Free(used);
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < capacity; i++)
        table[i].story = -1;
    Py_ssize_t n_used = 0;
    for (Py_ssize_t key = 0; key < n_keys; key++) {
        double weight = PyFloat_AsDouble(PyList_GET_ITEM(weights, key));
        if (weight == -1.0 && PyErr_Occurred()) {
            PyMem_Free(used);
            goto done;
        }
        const int32_t *filed = views[key].buf;
        Py_ssize_t length = views[key].len / 4;
        for (Py_ssize_t at = length > window ? length - window : 0; at < length; at++) {
            int32_t story = filed[at];
            size_t slot = ((uint32_t)story * 2654435761u) & (capacity - 1);
            while (table[slot].story != -1 && table[slot].story != story)
                slot = (slot + 1) & (capacity - 1);
            Slot *hit = &table[slot];
            if (hit->story == -1) {   /* Python: hits.get(story, 0.0) + weight, one filing at a time */
                hit->story = story;
                hit->sum = 0.0 + weight;
                used[n_used++] = (int32_t)slot;
            } else {
                hit->sum = hit->sum + weight;
            }
        }
    }
    Py_ssize_t keep = n_used < k ? n_used : k, n_best = 0;
    best = PyMem_Malloc((keep ? keep : 1) * sizeof(Ranked));
    if (best == NULL) {
        PyMem_Free(used);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_used && keep > 0; i++) {   /* the best `keep`, highest first (insertion) */
        const Slot *hit = &table[used[i]];
        if (n_best == keep && !higher(hit->sum, hit->story, best[keep - 1].sum, best[keep - 1].story))
            continue;
        Py_ssize_t at = n_best < keep ? n_best++ : keep - 1;
        while (at > 0 && higher(hit->sum, hit->story, best[at - 1].sum, best[at - 1].story)) {
            best[at] = best[at - 1];
            at--;
        }
        best[at].sum = hit->sum;
        best[at].story = hit->story;
    }
    PyMem_Free(used);
    result = PyList_New(n_best);
    if (result == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n_best; i++) {
        PyObject *story = PyLong_FromLong(best[i].story);
        if (story == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, story);
    }
done:
    for (Py_ssize_t i = 0; i < opened; i++)
        if (views[i].obj != NULL)
            PyBuffer_Release(&views[i]);
    PyMem_Free(views);
    PyMem_Free(table);
    PyMem_Free(best);
    return result;
}

/* Exact summation: partials that never overlap (Shewchuk), each addition split into its rounded sum and
 * its exact error; the partials are then added from the largest down with a half-even correction, giving the
 * correctly rounded total, as math.fsum does. */
typedef struct {
    double *partials;
    Py_ssize_t n, size;
    double on_stack[32];
    double special;   /* sum of the infinite and NaN values, kept apart as math.fsum keeps them */
    double infinite;
    int overflow;
} ExactSum;

static void exact_init(ExactSum *sum) {
    sum->partials = sum->on_stack;
    sum->n = 0;
    sum->size = 32;
    sum->special = sum->infinite = 0.0;
    sum->overflow = 0;
}

static int exact_add(ExactSum *sum, double x) {
    if (!isfinite(x)) {
        if (isinf(x))
            sum->infinite += x;
        sum->special += x;
        return 0;
    }
    Py_ssize_t kept = 0;
    for (Py_ssize_t j = 0; j < sum->n; j++) {
        double y = sum->partials[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y;
        double lo = y - (hi - x);
        if (lo != 0.0)
            sum->partials[kept++] = lo;
        x = hi;
    }
    sum->n = kept;
    if (x == 0.0)
        return 0;
    if (!isfinite(x)) {
        sum->overflow = 1;   /* math.fsum: "intermediate overflow" */
        return 0;
    }
    if (kept >= sum->size) {
        Py_ssize_t size = 2 * sum->size;
        double *grown = PyMem_Malloc(size * sizeof(double));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memcpy(grown, sum->partials, kept * sizeof(double));
        if (sum->partials != sum->on_stack)
            PyMem_Free(sum->partials);
        sum->partials = grown;
        sum->size = size;
    }
    sum->partials[kept++] = x;
    sum->n = kept;
    return 0;
}

static PyObject *exact_result(ExactSum *sum) {
    double *p = sum->partials, hi = 0.0, lo = 0.0;
    Py_ssize_t n = sum->n;
    PyObject *result = NULL;
    if (sum->special != 0.0 || isnan(sum->special)) {
        if (isnan(sum->infinite))
            PyErr_SetString(PyExc_ValueError, "-inf + inf in fsum");
        else
            result = PyFloat_FromDouble(sum->special);
    } else if (sum->overflow) {
        PyErr_SetString(PyExc_OverflowError, "intermediate overflow in fsum");
    } else {
        if (n > 0) {
            hi = p[--n];
            while (n > 0) {   /* from the largest partial down, until an addition is inexact */
                double x = hi, y = p[--n];
                hi = x + y;
                lo = y - (hi - x);
                if (lo != 0.0)
                    break;
            }
            /* the rest lies below half a unit of `hi`: round half to even by what it adds to `lo` */
            if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
                double y = lo * 2.0, x = hi + y;
                if (y == x - hi)
                    hi = x;
            }
        }
        result = PyFloat_FromDouble(hi);
    }
    if (p != sum->on_stack)
        PyMem_Free(p);
    return result;
}

static int as_double(PyObject *value, double *out) {
    *out = PyFloat_CheckExact(value) ? PyFloat_AS_DOUBLE(value) : PyFloat_AsDouble(value);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *frozen_dot(PyObject *self, PyObject *args) {
    PyObject *vector, *terms_in, *weights_in;
    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &vector, &terms_in, &weights_in))
        return NULL;
    PyObject *terms = PySequence_Fast(terms_in, "frozen_dot: terms must be a sequence");
    if (terms == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(terms);
    PyObject **term = PySequence_Fast_ITEMS(terms);
    Py_buffer view = {0};
    PyObject *listed = NULL;
    const double *packed = NULL;
    if (PyObject_CheckBuffer(weights_in)) {
        if (PyObject_GetBuffer(weights_in, &view, PyBUF_FORMAT) < 0)
            goto fail;
        if (view.itemsize != 8 || view.format == NULL || strcmp(view.format, "d") != 0) {
            PyErr_SetString(PyExc_TypeError, "frozen_dot: packed weights must be array('d')");
            goto fail;
        }
        packed = view.buf;
        if (view.len / 8 < n) {
            PyErr_SetString(PyExc_ValueError, "frozen_dot: fewer weights than terms");
            goto fail;
        }
    } else {
        listed = PySequence_Fast(weights_in, "frozen_dot: weights must be a sequence");
        if (listed == NULL)
            goto fail;
        if (PySequence_Fast_GET_SIZE(listed) < n) {
            PyErr_SetString(PyExc_ValueError, "frozen_dot: fewer weights than terms");
            goto fail;
        }
    }
    ExactSum sum;
    exact_init(&sum);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *value = PyDict_GetItemWithError(vector, term[i]);
        double mine, theirs;
        if (value == NULL) {
            if (PyErr_Occurred())
                goto fail_sum;
            continue;
        }
        if (as_double(value, &mine) < 0)
            goto fail_sum;
        if (packed != NULL)
            theirs = packed[i];
        else if (as_double(PySequence_Fast_GET_ITEM(listed, i), &theirs) < 0)
            goto fail_sum;
        if (exact_add(&sum, mine * theirs) < 0)
            goto fail_sum;
    }
    if (view.obj != NULL)
        PyBuffer_Release(&view);
    Py_XDECREF(listed);
    Py_DECREF(terms);
    return exact_result(&sum);
fail_sum:
    if (sum.partials != sum.on_stack)
        PyMem_Free(sum.partials);
fail:
    if (view.obj != NULL)
        PyBuffer_Release(&view);
    Py_XDECREF(listed);
    Py_DECREF(terms);
    return NULL;
}

static PyObject *dict_dot(PyObject *self, PyObject *args) {
    PyObject *a, *b, *key, *value;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &a, &PyDict_Type, &b))
        return NULL;
    if (PyDict_GET_SIZE(a) > PyDict_GET_SIZE(b)) {   /* the smaller one read, the larger one probed */
        PyObject *t = a;
        a = b;
        b = t;
    }
    ExactSum sum;
    exact_init(&sum);
    Py_ssize_t at = 0;
    while (PyDict_Next(a, &at, &key, &value)) {
        PyObject *other = PyDict_GetItemWithError(b, key);
        double x, y;
        if (other == NULL) {
            if (PyErr_Occurred())
                goto fail;
            continue;
        }
        if (as_double(value, &x) < 0 || as_double(other, &y) < 0 || exact_add(&sum, x * y) < 0)
            goto fail;
    }
    return exact_result(&sum);
fail:
    if (sum.partials != sum.on_stack)
        PyMem_Free(sum.partials);
    return NULL;
}

static PyMethodDef methods[] = {
    {"frozen_dot", frozen_dot, METH_VARARGS,
     "frozen_dot(vector, terms, weights): sum of vector[t] * w over the terms the dict holds, exactly (math.fsum)."},
    {"dict_dot", dict_dot, METH_VARARGS,
     "dict_dot(a, b): sum of a[t] * b[t] over the keys both dicts hold, exactly (math.fsum)."},
    {"top_stories", top_stories, METH_VARARGS,
     "top_stories(postings, weights, window, k): the k stories of highest summed weight (the higher story "
     "number first on ties) over the last `window` filings of each posting (array('i')), a story's weight added once "
     "per filing."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
