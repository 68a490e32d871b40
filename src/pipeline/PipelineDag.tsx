import * as React from 'react';

import {
  IPipelineEdge,
  IPipelineStep,
  PipelineStepState
} from './pipelineTypes';
import { layoutDag } from './pipelineLayout';

/**
 * The pipeline's DAG as a picture: one box per step, an arrow per
 * dependency (dashed for an explicit prev: mark), each arrow titled with its
 * reason; during a run each box shows its step's state.
 */
export function PipelineDag(props: PipelineDag.IProps): JSX.Element {
  const layout = React.useMemo(
    () => layoutDag(props.steps, props.edges),
    [props.steps, props.edges]
  );
  return (
    <svg
      className="jp-mlopsLab-PipelineDag"
      role="img"
      aria-label={props.label}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <defs>
        <marker
          id="jp-mlopsLab-PipelineDag-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path
            d="M 0 0 L 10 5 L 0 10 z"
            className="jp-mlopsLab-PipelineDag-head"
          />
        </marker>
      </defs>
      {layout.edges.map(edge => (
        <polyline
          key={`${edge.from}->${edge.to}`}
          className={`jp-mlopsLab-PipelineDag-edge jp-mod-${edge.kind}`}
          points={edge.points.map(point => `${point.x},${point.y}`).join(' ')}
          markerEnd="url(#jp-mlopsLab-PipelineDag-arrow)"
        >
          <title>{edge.why}</title>
        </polyline>
      ))}
      {layout.steps.map(step => {
        const state = props.states?.[step.name];
        return (
          <g
            key={step.name}
            className={`jp-mlopsLab-PipelineDag-step${state ? ` jp-mod-${state}` : ''}`}
            transform={`translate(${step.x - step.width / 2}, ${step.y - step.height / 2})`}
          >
            {state && <title>{`${step.name}: ${state}`}</title>}
            <rect width={step.width} height={step.height} rx={6} ry={6} />
            <text
              x={step.width / 2}
              y={step.height / 2}
              dominantBaseline="central"
            >
              {step.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export namespace PipelineDag {
  export interface IProps {
    steps: IPipelineStep[];
    edges: IPipelineEdge[];
    /**
     * The picture's accessible name.
     */
    label: string;
    /**
     * Each step's state in a run, if one is shown.
     */
    states?: { [step: string]: PipelineStepState };
  }
}
