import './base.css';
import './tracking.css';
import './pipeline.css';
