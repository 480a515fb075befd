/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The config file through the Python C API: compile and execute it, turn
 * its variables into a dict of plain values, and when libdomcfg refuses a
 * setting, find the line that assigned it with Python's ast module.
 * Nothing outside this file sees a Python object.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm-config.h"

#define MAX_DEPTH 32

struct source {
    const char *path;
    char *text;
    char *const *overrides;
    int n_overrides;
};

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msgf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if ( vasprintf(&s, fmt, ap) < 0 )
        xr_alloc_failed();
    va_end(ap);
    return s;
}

static char *read_file(const char *path, char **msg)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;

    if ( !f )
    {
        *msg = msgf("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if ( getdelim(&text, &len, '\0', f) < 0 && ferror(f) )
    {
        *msg = msgf("%s: cannot read: %s", path, strerror(errno));
        free(text);
        text = NULL;
    }
    else if ( !text )
        text = xr_xstrdup("");
    fclose(f);
    return text;
}

/* Python's own str() of obj, or "?". */
static char *py_str(PyObject *obj)
{
    PyObject *s = obj ? PyObject_Str(obj) : NULL;
    const char *u = s ? PyUnicode_AsUTF8(s) : NULL;
    char *out = xr_xstrdup(u ? u : "?");

    Py_XDECREF(s);
    PyErr_Clear();
    return out;
}

static long py_long_attr(PyObject *obj, const char *name)
{
    PyObject *a = PyObject_GetAttrString(obj, name);
    long v = a && PyLong_Check(a) ? PyLong_AsLong(a) : 0;

    Py_XDECREF(a);
    PyErr_Clear();
    return v;
}

/* The line of the innermost traceback entry inside the config file. */
static long traceback_line(PyObject *tb, const char *path)
{
    long line = 0;
    PyObject *t = tb, *next;

    Py_XINCREF(t);
    while ( t && t != Py_None )
    {
        PyObject *code = PyObject_GetAttrString(t, "tb_frame");
        PyObject *co = code ? PyObject_GetAttrString(code, "f_code") : NULL;
        PyObject *fn = co ? PyObject_GetAttrString(co, "co_filename") : NULL;
        const char *f = fn ? PyUnicode_AsUTF8(fn) : NULL;

        if ( f && !strcmp(f, path) )
            line = py_long_attr(t, "tb_lineno");
        Py_XDECREF(fn);
        Py_XDECREF(co);
        Py_XDECREF(code);
        next = PyObject_GetAttrString(t, "tb_next");
        Py_DECREF(t);
        t = next;
    }
    Py_XDECREF(t);
    PyErr_Clear();
    return line;
}

/* The pending Python exception as "path:line: Type: message". */
static char *python_error(const char *path)
{
    PyObject *type, *value, *tb;
    const char *tname;
    char *text, *out;
    long line;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    tname = type ? ((PyTypeObject *)type)->tp_name : "Error";
    if ( type && PyErr_GivenExceptionMatches(type, PyExc_SyntaxError) )
    {
        PyObject *m = PyObject_GetAttrString(value, "msg");

        line = py_long_attr(value, "lineno");
        text = py_str(m);
        Py_XDECREF(m);
    }
    else
    {
        line = traceback_line(tb, path);
        text = py_str(value);
    }
    out = line ? msgf("%s:%ld: %s: %s", path, line, tname, text)
               : msgf("%s: %s: %s", path, tname, text);
    free(text);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return out;
}

static struct xr_value *to_value(PyObject *o, int depth, char **why);

static struct xr_value *seq_to_value(PyObject *o, int depth, char **why)
{
    struct xr_value *a = xr_array(), *item;
    Py_ssize_t i, n = PySequence_Fast_GET_SIZE(o);

    for ( i = 0; i < n; i++ )
    {
        item = to_value(PySequence_Fast_GET_ITEM(o, i), depth + 1, why);
        if ( !item )
        {
            xr_free(a);
            return NULL;
        }
        xr_array_append(a, item);
    }
    return a;
}

static struct xr_value *dict_to_value(PyObject *o, int depth, char **why)
{
    struct xr_value *s = xr_struct(), *item;
    PyObject *k, *v;
    Py_ssize_t pos = 0;

    while ( PyDict_Next(o, &pos, &k, &v) )
    {
        if ( !PyUnicode_Check(k) )
        {
            *why = msgf("dict keys must be strings");
            xr_free(s);
            return NULL;
        }
        item = to_value(v, depth + 1, why);
        if ( !item )
        {
            xr_free(s);
            return NULL;
        }
        xr_struct_set(s, PyUnicode_AsUTF8(k), item);
    }
    return s;
}

static struct xr_value *scalar_to_value(PyObject *o, char **why)
{
    const char *s;
    Py_ssize_t len;
    long long i;
    int overflow;

    if ( PyBool_Check(o) )
        return xr_bool(o == Py_True);
    if ( PyLong_Check(o) )
    {
        i = PyLong_AsLongLongAndOverflow(o, &overflow);
        if ( !overflow )
            return xr_int(i);
        *why = msgf("integer too large");
        return NULL;
    }
    if ( PyFloat_Check(o) )
        return xr_double(PyFloat_AsDouble(o));
    s = PyUnicode_AsUTF8AndSize(o, &len);
    if ( s )
        return xr_string_n(s, len);
    PyErr_Clear();
    *why = msgf("a string that is not valid UTF-8");
    return NULL;
}

/* None, bool, int, float, str, list, tuple and dict, as plain values. */
static struct xr_value *to_value(PyObject *o, int depth, char **why)
{
    if ( depth > MAX_DEPTH )
    {
        *why = msgf("nested deeper than %d", MAX_DEPTH);
        return NULL;
    }
    if ( o == Py_None )
        return xr_nil();
    if ( PyList_Check(o) || PyTuple_Check(o) )
        return seq_to_value(o, depth, why);
    if ( PyDict_Check(o) )
        return dict_to_value(o, depth, why);
    if ( PyBool_Check(o) || PyLong_Check(o) || PyFloat_Check(o) ||
         PyUnicode_Check(o) )
        return scalar_to_value(o, why);
    *why = msgf("a value of type '%s' cannot be a setting",
                Py_TYPE(o)->tp_name);
    return NULL;
}

/* Does the assignment target t (Name, Tuple or List of them) bind key? */
static bool target_binds(PyObject *t, const char *key)
{
    PyObject *id = PyObject_GetAttrString(t, "id");
    PyObject *elts = id ? NULL : PyObject_GetAttrString(t, "elts");
    const char *s = id ? PyUnicode_AsUTF8(id) : NULL;
    bool found = s && !strcmp(s, key);
    Py_ssize_t i;

    PyErr_Clear();
    for ( i = 0; elts && PyList_Check(elts) && i < PyList_GET_SIZE(elts);
          i++ )
        found |= target_binds(PyList_GET_ITEM(elts, i), key);
    Py_XDECREF(id);
    Py_XDECREF(elts);
    return found;
}

/* Assign has targets (a list); AugAssign and AnnAssign one target. */
static bool node_binds(PyObject *node, const char *key)
{
    PyObject *ts = PyObject_GetAttrString(node, "targets");
    PyObject *t = ts ? NULL : PyObject_GetAttrString(node, "target");
    bool found = false;
    Py_ssize_t i;

    PyErr_Clear();
    if ( t )
        found = target_binds(t, key);
    for ( i = 0; ts && PyList_Check(ts) && i < PyList_GET_SIZE(ts); i++ )
        found |= target_binds(PyList_GET_ITEM(ts, i), key);
    Py_XDECREF(ts);
    Py_XDECREF(t);
    return found;
}

/*
 * The line of the last assignment to key in the file, or 0: the place to
 * point at when the value it left is refused.
 */
static long assignment_line(const struct source *src, const char *key)
{
    PyObject *ast = PyImport_ImportModule("ast");
    PyObject *tree = ast ? PyObject_CallMethod(ast, "parse", "ss", src->text,
                                               src->path) : NULL;
    PyObject *it = tree ? PyObject_CallMethod(ast, "walk", "O", tree) : NULL;
    PyObject *node;
    long line = 0, l;

    while ( it && (node = PyIter_Next(it)) )
    {
        if ( node_binds(node, key) )
        {
            l = py_long_attr(node, "lineno");
            line = l > line ? l : line;
        }
        Py_DECREF(node);
    }
    PyErr_Clear();
    Py_XDECREF(it);
    Py_XDECREF(tree);
    Py_XDECREF(ast);
    return line;
}

static bool from_command_line(const struct source *src, const char *key)
{
    size_t n = strlen(key);
    int i;

    for ( i = 0; i < src->n_overrides; i++ )
        if ( !strncmp(src->overrides[i], key, n) &&
             src->overrides[i][n] == '=' )
            return true;
    return false;
}

/* "file:line: key: why", pointing where key was set. */
static char *setting_error(const struct source *src, const char *key,
                           const char *why)
{
    long line;

    if ( from_command_line(src, key) )
        return msgf("command line: %s: %s", key, why);
    line = assignment_line(src, key);
    if ( line )
        return msgf("%s:%ld: %s: %s", src->path, line, key, why);
    return msgf("%s: %s: %s", src->path, key, why);
}

/*
 * The file's settings: its globals minus modules, callables and _names;
 * a setting left None counts as not set (ramdisk = None).
 */
static struct xr_value *collect(const struct source *src, PyObject *globals,
                                char **msg)
{
    struct xr_value *dict = xr_struct(), *v;
    PyObject *k, *o;
    Py_ssize_t pos = 0;
    const char *name;
    char *why = NULL;

    while ( PyDict_Next(globals, &pos, &k, &o) )
    {
        name = PyUnicode_Check(k) ? PyUnicode_AsUTF8(k) : NULL;
        if ( !name || name[0] == '_' || o == Py_None || PyModule_Check(o) ||
             PyCallable_Check(o) )
            continue;
        v = to_value(o, 0, &why);
        if ( !v )
        {
            *msg = setting_error(src, name, why);
            free(why);
            xr_free(dict);
            return NULL;
        }
        xr_struct_set(dict, name, v);
    }
    return dict;
}

/*
 * key=value from the command line: replaces, or adds to a list setting.
 * _names are variables for the file only, as in the file itself.
 */
static void apply_override(struct xr_value *dict, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *key = strndup(arg, eq - arg);
    const struct xr_value *old;
    struct xr_value *list;

    if ( !key )
        xr_alloc_failed();
    if ( key[0] == '_' )
    {
        free(key);
        return;
    }
    old = xr_struct_get(dict, key);
    if ( domcfg_key_is_list(key) )
    {
        list = old && old->type == XR_ARRAY ? xr_copy(old) : xr_array();
        xr_array_append(list, xr_string(eq + 1));
        xr_struct_set(dict, key, list);
    }
    else
        xr_struct_set(dict, key, xr_string(eq + 1));
    free(key);
}

static PyObject *make_globals(const struct source *src)
{
    PyObject *g = PyDict_New(), *v;
    const char *eq;
    char *key;
    int i;

    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    v = PyUnicode_FromString(src->path);
    PyDict_SetItemString(g, "__file__", v);
    Py_XDECREF(v);
    for ( i = 0; i < src->n_overrides; i++ )
    {
        eq = strchr(src->overrides[i], '=');
        key = strndup(src->overrides[i], eq - src->overrides[i]);
        v = PyUnicode_FromString(eq + 1);
        if ( !key || !v )
            xr_alloc_failed();
        PyDict_SetItemString(g, key, v);
        Py_DECREF(v);
        free(key);
    }
    return g;
}

/* Execute the file; the settings as a dict, or NULL with *msg. */
static struct xr_value *run_file(const struct source *src, char **msg)
{
    PyObject *code, *globals, *r;
    struct xr_value *dict = NULL;
    int i;

    code = Py_CompileString(src->text, src->path, Py_file_input);
    if ( !code )
    {
        *msg = python_error(src->path);
        return NULL;
    }
    globals = make_globals(src);
    /* print() in a config goes to stderr: stdout is the dry run's JSON. */
    PySys_SetObject("stdout", PySys_GetObject("stderr"));
    r = PyEval_EvalCode(code, globals, globals);
    if ( !r )
        *msg = python_error(src->path);
    else
        dict = collect(src, globals, msg);
    for ( i = 0; dict && i < src->n_overrides; i++ )
        apply_override(dict, src->overrides[i]);
    /* Xen 3: a config without a name is named after its file. */
    if ( dict && !xr_struct_get(dict, "name") )
        xr_struct_set(dict, "name", xr_string(strrchr(src->path, '/') ?
                      strrchr(src->path, '/') + 1 : src->path));
    Py_XDECREF(r);
    Py_DECREF(globals);
    Py_DECREF(code);
    return dict;
}

static int python_start(char **msg)
{
    PyConfig config;
    PyStatus st;

    /* Isolated: no PYTHON* variables, no user site, no cwd on sys.path. */
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0;
    st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if ( PyStatus_Exception(st) )
    {
        *msg = msgf("cannot start Python: %s",
                    st.err_msg ? st.err_msg : "unknown error");
        return -1;
    }
    return 0;
}

int xm_config_load(const char *path, char *const *overrides, int n,
                   struct domain_config *cfg, char **msg)
{
    struct source src = { .path = path, .overrides = overrides,
                          .n_overrides = n };
    struct xr_value *dict = NULL;
    struct domcfg_error err;
    int rc = -1;

    *msg = NULL;
    src.text = read_file(path, msg);
    if ( !src.text || python_start(msg) )
        goto out;
    dict = run_file(&src, msg);
    if ( dict && domcfg_parse(dict, cfg, &err) )
        *msg = setting_error(&src, err.key, err.msg);
    else if ( dict )
        rc = 0;
    Py_FinalizeEx();
 out:
    xr_free(dict);
    free(src.text);
    return rc;
}
