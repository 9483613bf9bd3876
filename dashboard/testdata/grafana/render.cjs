// render.cjs shows what Grafana would draw from a panel, without Grafana:
// it turns a real Prometheus instant-query result into the data frames
// Grafana's Prometheus data source makes of it, runs the panel's
// transformations with Grafana's own transformation code (@grafana/data),
// formats the values with Grafana's own unit formats, and checks what the
// panel's visualization needs of the result.
//
// stdin:  [{"panel": <panel JSON>, "result": <Prometheus data.result>}, ...]
//         (for a range query, "matrix": <Prometheus data.result of a range query>)
// stdout: [{"title", "problems": [...], "frames": [{"fields": [{"name",
//          "display", "type", "values", "text"}]}]}, ...]
'use strict';

// @grafana/data expects a browser; these are the two globals it reads
// outside of rendering (locale and a scenes flag). window must be set after
// loading it: a dependency takes a window for a full DOM.
globalThis.navigator = globalThis.navigator || { language: 'en-US', languages: ['en-US'] };
const g = require('@grafana/data');
globalThis.window = globalThis.window || {};
const { lastValueFrom } = require('rxjs');

const {
  FieldType,
  createTheme,
  fieldMatchers,
  formattedValueToString,
  getDisplayProcessor,
  getFieldDisplayName,
  standardTransformers,
  standardTransformersRegistry,
  transformDataFrame,
} = g;

// Grafana's app registers the standard transformations at start-up; some
// are registered under two names, the registry takes each id once.
standardTransformersRegistry.setInit(() =>
  [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()].map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    transformation: () => t,
    editor: () => null,
  }))
);

const theme = createTheme();

// tableFrame is what Grafana's Prometheus data source makes of an instant
// query in table format (transformDFToTable in its result transformer): one
// frame of a Time field, a string field per label in sorted order, and a
// number field named Value.
function tableFrame(result) {
  const labels = [...new Set(result.flatMap((r) => Object.keys(r.metric)))].sort();
  const fields = [
    { name: 'Time', type: FieldType.time, config: {}, values: result.map((r) => r.value[0] * 1000) },
    ...labels.map((l) => ({
      name: l,
      type: FieldType.string,
      config: { filterable: true },
      values: result.map((r) => (l in r.metric ? r.metric[l] : '')),
    })),
    { name: 'Value', type: FieldType.number, config: {}, values: result.map((r) => parseFloat(r.value[1])) },
  ];
  return [{ refId: 'A', fields, length: result.length }];
}

// legendName is a series' name by the legend format, undefined without
// one.
function legendName(legendFormat, metric) {
  return legendFormat
    ? legendFormat.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, l) => metric[l] ?? '')
    : undefined;
}

// seriesFrames is what it makes of an instant query in time-series format:
// a frame per series, named by the legend format.
function seriesFrames(result, legendFormat) {
  return result.map((r) => {
    const name = legendName(legendFormat, r.metric);
    return {
      refId: 'A',
      length: 1,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: [r.value[0] * 1000] },
        {
          name: 'Value',
          type: FieldType.number,
          labels: r.metric,
          config: name === undefined ? {} : { displayNameFromDS: name },
          values: [parseFloat(r.value[1])],
        },
      ],
    };
  });
}

// matrixFrames is what the data source makes of a range query in
// time-series format: a frame per series, its Time and Value fields over
// the steps, named by the legend format.
function matrixFrames(matrix, legendFormat) {
  return matrix.map((r) => {
    const name = legendName(legendFormat, r.metric);
    return {
      refId: 'A',
      length: r.values.length,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: r.values.map((v) => v[0] * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          labels: r.metric,
          config: name === undefined ? {} : { displayNameFromDS: name },
          values: r.values.map((v) => parseFloat(v[1])),
        },
      ],
    };
  });
}

// findField is how the bar chart finds its x field: by name or by the
// name shown.
function findField(frame, name) {
  return frame.fields.find((f) => f.name === name || getFieldDisplayName(f, frame) === name);
}

// fieldConfig is the config Grafana gives a field after the panel's
// transformations: the panel's defaults for unit and decimals, then its
// overrides, matched with Grafana's own field matchers. (Grafana applies
// every standard option; these two are all the dashboard sets.)
function fieldConfig(panel, field, frame, frames) {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const config = { ...field.config, unit: defaults.unit, decimals: defaults.decimals };
  for (const o of panel.fieldConfig?.overrides ?? []) {
    const matches = fieldMatchers.get(o.matcher.id).get(o.matcher.options);
    if (matches(field, frame, frames)) {
      for (const p of o.properties) {
        config[p.id] = p.value;
      }
    }
  }
  return config;
}

async function render({ panel, result, matrix }) {
  const target = panel.targets[0];
  let frames;
  if (matrix) {
    frames = matrixFrames(matrix, target.legendFormat);
  } else {
    frames = target.format === 'table' ? tableFrame(result) : seriesFrames(result, target.legendFormat);
  }
  if (panel.transformations?.length) {
    frames = await lastValueFrom(transformDataFrame(panel.transformations, frames, { interpolate: (v) => v }));
  }
  const problems = [];
  const out = frames.map((frame) => ({
    fields: frame.fields.map((field) => {
      field.config = fieldConfig(panel, field, frame, frames);
      field.display = getDisplayProcessor({ field, theme });
      return {
        name: field.name,
        display: getFieldDisplayName(field, frame, frames),
        type: field.type,
        values: field.values,
        text: field.values.map((v) => formattedValueToString(field.display(v))),
      };
    }),
  }));

  if (panel.type === 'barchart') {
    // What Grafana's bar chart asks of its data before drawing: one frame
    // (it would outer-join several), the configured x field in it, of
    // string or time type, and at least one number field for bars.
    if (frames.length !== 1) {
      problems.push(`bar chart data is ${frames.length} frames, not one`);
    } else {
      const x = findField(frames[0], panel.options.xField);
      if (!x) {
        problems.push(`Configured x field not found: ${panel.options.xField}`);
      } else if (x.type !== FieldType.string && x.type !== FieldType.time) {
        problems.push(`x field ${panel.options.xField} is ${x.type}: Bar charts requires a string or time field`);
      }
      if (!frames[0].fields.some((f) => f !== x && f.type === FieldType.number)) {
        problems.push('No numeric fields found');
      }
    }
  }
  if (panel.type === 'timeseries') {
    // What Grafana's time series panel needs of each frame: a time field
    // and a number field to draw over it.
    for (const f of frames) {
      if (!f.fields.some((x) => x.type === FieldType.time) || !f.fields.some((x) => x.type === FieldType.number)) {
        problems.push('timeseries: a frame without a time and a number field');
      }
    }
  }
  if (panel.type === 'stat' && !frames.some((f) => f.fields.some((x) => x.type === FieldType.number))) {
    problems.push('stat: no numeric field');
  }
  return { title: panel.title, problems, frames: out };
}

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const results = [];
  for (const item of JSON.parse(input)) {
    results.push(await render(item));
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
