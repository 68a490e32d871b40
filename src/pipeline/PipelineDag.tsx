import * as React from 'react';

import { DagPicture } from '../common/DagPicture';
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
  const layout = React.useMemo(() => {
    const { width, height, steps, edges } = layoutDag(props.steps, props.edges);
    return {
      width,
      height,
      nodes: steps.map(step => ({ ...step, id: step.name })),
      edges
    };
  }, [props.steps, props.edges]);
  const state = (name: string) => props.states?.[name];
  return (
    <DagPicture
      layout={layout}
      className="jp-mlopsLab-PipelineDag"
      label={props.label}
      nodeClass={step =>
        `jp-mlopsLab-PipelineDag-step${state(step.name) ? ` jp-mod-${state(step.name)}` : ''}`
      }
      nodeLabel={step => step.name}
      nodeTitle={step =>
        state(step.name) ? `${step.name}: ${state(step.name)}` : undefined
      }
      edgeClass={edge => `jp-mod-${edge.kind}`}
      edgeTitle={edge => edge.why}
    />
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
